using Florence2.Tests.Support;

namespace Florence2.Tests.Acceptance;

/// <summary>
/// The acceptance checks, on any model folder in the onnx-community layout: every task on the sample images, greedy
/// against beam search, each quantized or half-precision variant against fp32, CPU against CUDA. Each returns an
/// <see cref="AcceptanceRun"/> with every answer and every finding; the suite fails on findings, the record is for review.
/// </summary>
public static class AcceptanceChecks
{
    /// <summary>Answers of at most this many tokens (greedy) must be the same with beam search.</summary>
    public const int ShortAnswerTokens = 12;

    private static readonly TaskOptions Greedy = new() { Generation = new GenerationOptions { NumBeams = 1 } };

    /// <summary>
    /// Runs every task on each image (fifteen runs: three caption details and the twelve other tasks). Region tasks use the first detected object's box (the middle of the
    /// image when there is none); text tasks use its label and the brief caption. Captions and region answers must be
    /// non-empty text; every answer must pass <see cref="AnswerChecks"/>.
    /// </summary>
    public static AcceptanceRun EveryTask(string modelFolder, IReadOnlyList<string> images)
    {
        var run = new AcceptanceRun(modelFolder, "every-task");
        using var model = Florence2Model.Load(modelFolder, TestDecoders.Options());
        foreach (var path in images)
        {
            var image = ImageInput.FromFile(path);
            var name = Path.GetFileName(path);
            T Do<T>(Florence2Task<T> task) where T : TaskResult => Record(run, model, name, image, task, "fp32 cpu beams=default");

            var brief = Do(Florence2Task.Caption());
            var detailed = Do(Florence2Task.Caption(CaptionDetail.Detailed));
            var paragraph = Do(Florence2Task.Caption(CaptionDetail.Paragraph));
            foreach (var (task, caption) in new[] { ("<CAPTION>", brief), ("<DETAILED_CAPTION>", detailed), ("<MORE_DETAILED_CAPTION>", paragraph) })
            {
                NonEmpty(run, name, task, caption.Text);
            }

            Do(Florence2Task.ReadText());
            Do(Florence2Task.ReadTextWithRegions());
            var objects = Do(Florence2Task.DetectObjects());
            Do(Florence2Task.CaptionRegions());
            Do(Florence2Task.ProposeRegions());

            var first = objects.Detections.FirstOrDefault(d => d.Box.Area >= 1f);
            var region = first?.Box ?? Middle(objects.ImageSize);
            var phrase = string.IsNullOrWhiteSpace(first?.Label) ? "the object" : first.Label.Trim();
            Do(Florence2Task.CaptionToPhraseGrounding(string.IsNullOrWhiteSpace(brief.Text) ? "An object." : brief.Text.Trim()));
            Do(Florence2Task.SegmentExpression(phrase));
            Do(Florence2Task.SegmentRegion(region));
            Do(Florence2Task.DetectOpenVocabulary(phrase));
            NonEmpty(run, name, "<REGION_TO_CATEGORY>", Do(Florence2Task.ClassifyRegion(region)).Text);
            NonEmpty(run, name, "<REGION_TO_DESCRIPTION>", Do(Florence2Task.DescribeRegion(region)).Text);
            Do(Florence2Task.ReadRegionText(region));
        }

        return run;
    }

    /// <summary>
    /// The brief caption, the first object's category and the detection, greedy and with the model's beams: an answer
    /// of at most <see cref="ShortAnswerTokens"/> tokens must be the same both ways; longer ones are recorded only.
    /// </summary>
    public static AcceptanceRun GreedyAndBeams(string modelFolder, IReadOnlyList<string> images)
    {
        var run = new AcceptanceRun(modelFolder, "greedy-and-beams");
        using var model = Florence2Model.Load(modelFolder, TestDecoders.Options());
        var beams = model.Info.DefaultGenerationSettings.NumBeams;
        foreach (var path in images)
        {
            var image = ImageInput.FromFile(path);
            var name = Path.GetFileName(path);
            var objects = model.DetectObjects(image);
            var region = objects.Detections.FirstOrDefault(d => d.Box.Area >= 1f)?.Box ?? Middle(objects.ImageSize);
            Compare(Florence2Task.Caption());
            Compare(Florence2Task.ClassifyRegion(region));
            Compare(Florence2Task.DetectObjects());

            void Compare<T>(Florence2Task<T> task) where T : TaskResult
            {
                var greedy = Record(run, model, name, image, task, "fp32 cpu beams=1", Greedy);
                var beam = Record(run, model, name, image, task, $"fp32 cpu beams={beams}");
                var tokens = greedy.Generation?.GeneratedTokenIds.Count ?? int.MaxValue;
                if (tokens <= ShortAnswerTokens && greedy.RawText != beam.RawText)
                {
                    run.Fail($"{name} {task}: greedy answers '{greedy.RawText}' ({tokens} tokens) but {beams} beams answer '{beam.RawText}'.");
                }
            }
        }

        return run;
    }

    /// <summary>The variants whose four module files are all in <c>onnx/</c>, fp32 excepted.</summary>
    public static IReadOnlyList<ModelVariant> VariantsPresent(string modelFolder) =>
        Enum.GetValues<ModelVariant>()
            .Where(v => v != ModelVariant.Fp32)
            .Where(v => new[] { "vision_encoder", "embed_tokens", "encoder_model", "decoder_model_merged" }
                .All(module => File.Exists(Path.Combine(modelFolder, "onnx", $"{module}_{v.ToString().ToLowerInvariant()}.onnx"))))
            .ToList();

    /// <summary>Each variant present must find the same set of object labels as fp32 on every image.</summary>
    public static AcceptanceRun VariantsAgreeOnDetectionLabels(string modelFolder, IReadOnlyList<string> images)
    {
        var run = new AcceptanceRun(modelFolder, "variants");
        var reference = Labels(run, modelFolder, ModelVariant.Fp32, images);
        foreach (var variant in VariantsPresent(modelFolder))
        {
            var labels = Labels(run, modelFolder, variant, images);
            foreach (var (image, expected) in reference)
            {
                if (!labels[image].SetEquals(expected))
                {
                    run.Fail($"{image} <OD>: {variant} finds [{string.Join(", ", labels[image].Order())}] but fp32 finds [{string.Join(", ", expected.Order())}].");
                }
            }
        }

        if (run.Answers.Count == images.Count)
        {
            run.Fail("The folder has no variant besides fp32 (onnx/*_fp16.onnx, *_quantized.onnx, *_q4.onnx, ...): nothing was compared.");
        }

        return run;
    }

    /// <summary>The detailed caption, the detection and the OCR must give the same token ids on CUDA as on the CPU.</summary>
    public static AcceptanceRun CpuAndCudaAgree(string modelFolder, IReadOnlyList<string> images, int device)
    {
        var run = new AcceptanceRun(modelFolder, "cpu-and-cuda");
        using var cpu = Florence2Model.Load(modelFolder, TestDecoders.Options());
        using var cuda = Florence2Model.Load(modelFolder, new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.Cuda(device)],
            AllowCpuFallback = false,
            ImageDecoder = TestDecoders.ImageSharp,
        });
        foreach (var path in images)
        {
            var image = ImageInput.FromFile(path);
            var name = Path.GetFileName(path);
            Compare(Florence2Task.Caption(CaptionDetail.Detailed));
            Compare(Florence2Task.DetectObjects());
            Compare(Florence2Task.ReadText());

            void Compare<T>(Florence2Task<T> task) where T : TaskResult
            {
                var onCpu = Record(run, cpu, name, image, task, "fp32 cpu");
                var onCuda = Record(run, cuda, name, image, task, $"fp32 cuda:{device}");
                if (!(onCpu.Generation?.GeneratedTokenIds ?? []).SequenceEqual(onCuda.Generation?.GeneratedTokenIds ?? []))
                {
                    run.Fail($"{name} {task}: CPU answers '{onCpu.RawText}' but CUDA answers '{onCuda.RawText}'.");
                }
            }
        }

        return run;
    }

    private static Dictionary<string, HashSet<string>> Labels(AcceptanceRun run, string modelFolder, ModelVariant variant, IReadOnlyList<string> images)
    {
        using var model = Florence2Model.Load(modelFolder, new Florence2ModelOptions { Variants = ModelVariants.All(variant), ImageDecoder = TestDecoders.ImageSharp });
        var labels = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in images)
        {
            var name = Path.GetFileName(path);
            var result = Record(run, model, name, ImageInput.FromFile(path), Florence2Task.DetectObjects(), $"{variant.ToString().ToLowerInvariant()} cpu beams=default");
            labels[name] = result.Detections.Select(d => d.Label).ToHashSet(StringComparer.Ordinal);
        }

        return labels;
    }

    private static T Record<T>(AcceptanceRun run, Florence2Model model, string image, ImageInput input, Florence2Task<T> task, string setting, TaskOptions? options = null)
        where T : TaskResult
    {
        var result = model.Run(input, task, options);
        run.Answers.Add(new AnswerRecord(image, task.ToString(), setting, result.RawText, AnswerChecks.Describe(result), result.Generation?.GeneratedTokenIds ?? []));
        foreach (var finding in AnswerChecks.Check($"{image} {task}", result))
        {
            run.Fail(finding);
        }

        return result;
    }

    private static void NonEmpty(AcceptanceRun run, string image, string task, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            run.Fail($"{image} {task}: the answer is empty; a sound model says something here.");
        }
    }

    private static BoundingBox Middle(ImageSize size) => new(size.Width / 4f, size.Height / 4f, size.Width * 3 / 4f, size.Height * 3 / 4f);
}
