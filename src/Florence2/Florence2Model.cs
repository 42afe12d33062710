using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Florence2.Generation;
using Florence2.Imaging;
using Florence2.Runtime;
using Florence2.Tasks;
using Florence2.Telemetry;
using Florence2.Tokenization;
using Florence2.Vision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Florence2;

/// <summary>
/// A loaded Florence-2 model: the facade over the pipeline image → vision encoder → prompt → text encoder →
/// decoder → text. Owns its stages and their ONNX Runtime sessions; dispose it to free them. Thread-safe: any
/// number of calls may run at once (each has its own decoder cache).
/// </summary>
/// <remarks>
/// <see cref="Dispose"/> may be called while calls are running, from another thread: it stops them at their next
/// decoder step (or ONNX Runtime run), waits until every call has left the model, and only then frees the sessions.
/// A call stopped that way throws <see cref="ObjectDisposedException"/> (or <see cref="OperationCanceledException"/> when
/// its own token was cancelled too); a call started after <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/>.
/// Do not dispose the model from inside one of its own calls (a custom stage or a token callback): that waits forever.
/// </remarks>
public sealed partial class Florence2Model : IFlorence2Model
{
    private readonly IVisionEncoder _vision;
    private readonly ITextDecoder _text;
    private readonly FlorenceTokenizer _tokenizer;
    private readonly ILocationTokenParser _parser;
    private readonly ILogger _logger;
    private readonly InFlightGate _calls = new();
    private int _disposed;

    private Florence2Model(IVisionEncoder vision, ITextDecoder text, FlorenceTokenizer tokenizer, GenerationSettings defaults, ILocationTokenParser parser,
        IReadOnlyDictionary<Florence2Module, ExecutionProviderChoice> executionProviders, ILogger? logger)
    {
        _vision = vision;
        _text = text;
        _tokenizer = tokenizer;
        _parser = parser;
        _logger = logger ?? NullLogger.Instance;
        DefaultGenerationSettings = defaults;
        ExecutionProviders = executionProviders;
    }

    /// <summary>The model's generation defaults (from its configuration files); per-call options apply on top.</summary>
    public GenerationSettings DefaultGenerationSettings { get; }

    /// <summary>The text stage, for the benchmarks' per-step measurements.</summary>
    internal ITextDecoder TextDecoder => _text;

    /// <summary>
    /// The execution provider each module's session actually runs on, after fallback: check it to see whether a GPU
    /// was really used. Empty for a model built by <see cref="Create"/> from your own stages.
    /// </summary>
    public IReadOnlyDictionary<Florence2Module, ExecutionProviderChoice> ExecutionProviders { get; }

    /// <summary>
    /// Loads a model folder in the onnx-community layout (<c>onnx/*.onnx</c>, <c>config.json</c>,
    /// <c>generation_config.json</c>, <c>preprocessor_config.json</c>, tokenizer files) and checks every session's
    /// tensors against the configuration.
    /// </summary>
    /// <exception cref="ModelFileMissingException">A required file is missing; the message names it.</exception>
    /// <exception cref="ModelSignatureException">A tensor is missing or has the wrong type or shape.</exception>
    /// <exception cref="ModelConfigException">A configuration value is malformed or unusable.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">No listed provider works and CPU fallback is off.</exception>
    /// <exception cref="ArgumentException">A provider list, device id or session setting in <paramref name="options"/> is invalid.</exception>
    public static Florence2Model Load(string modelDirectory, Florence2ModelOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new Florence2ModelOptions();
        var folder = ModelFolder.Open(modelDirectory);
        var sessions = new SessionFactory(folder, options);
        var config = JsonConfigFile.Load(folder.ConfigPath);
        var textConfig = TextModelConfig.Load(config);
        var tokenizer = FlorenceTokenizer.Load(folder.Directory);
        if (tokenizer.VocabularySize > textConfig.VocabSize)
        {
            throw new ModelConfigException(folder.ConfigPath, "text_config.vocab_size",
                $"is {textConfig.VocabSize}, but the tokenizer has {tokenizer.VocabularySize} tokens; they must agree.");
        }

        var defaults = GenerationDefaults.Load(config, JsonConfigFile.LoadOptional(folder.GenerationConfigPath),
            tokenizer.EosTokenId, tokenizer.BosTokenId, textConfig.MaxPositionEmbeddings);
        var preprocessing = ImagePreprocessingSettings.Load(folder.PreprocessorConfigPath);

        cancellationToken.ThrowIfCancellationRequested();
        var vision = OnnxVisionEncoder.Open(sessions, preprocessing, options.ImageDecoding, textConfig.DModel);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = OnnxTextDecoder.Open(textConfig, sessions);
            var logger = options.LoggerFactory?.CreateLogger<Florence2Model>();
            if (logger is not null)
            {
                Log.ModelLoaded(logger, folder.Directory, textConfig.DModel, textConfig.DecoderLayers);
                foreach (var resolution in sessions.Resolutions)
                {
                    if (resolution.Skipped.Count > 0)
                    {
                        Log.ProviderSkipped(logger, resolution.Module, resolution.Used.ToString(), string.Join("; ", resolution.Skipped));
                    }
                }
            }

            return new Florence2Model(vision, text, tokenizer, defaults, options.LocationTokenParser ?? LocationTokenParser.Instance, sessions.UsedProviders(), logger);
        }
        catch
        {
            vision.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a model by Hugging Face Hub id (<c>onnx-community/Florence-2-base-ft</c>, see <see cref="Florence2Models"/>)
    /// or local folder. An id is downloaded into the Hub cache first (only the files the chosen variants need; resumed,
    /// verified, shared with Python's <c>huggingface_hub</c>); a folder that exists is loaded as it is.
    /// </summary>
    /// <param name="modelIdOrDirectory">A Hub repository id, or a folder in the onnx-community layout.</param>
    /// <param name="options">Variants, providers and session settings.</param>
    /// <param name="hub">Endpoint, token, cache and offline mode; null reads the <c>HF_*</c> environment variables.</param>
    /// <param name="revision">Branch, tag or commit of the repository.</param>
    /// <param name="progress">Download progress per file.</param>
    /// <param name="cancellationToken">Cancels the download and the load.</param>
    /// <exception cref="HubException">The download failed; the derived type says why.</exception>
    public static async Task<Florence2Model> LoadAsync(string modelIdOrDirectory, Florence2ModelOptions? options = null, HubOptions? hub = null,
        string revision = "main", IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelIdOrDirectory);
        var directory = modelIdOrDirectory;
        if (!Florence2.Hub.LocalModelFolder.Exists(modelIdOrDirectory))
        {
            using var downloader = new HubDownloader(hub ?? HubOptions.FromEnvironment(), options?.LoggerFactory?.CreateLogger<HubDownloader>());
            directory = await downloader.DownloadModelAsync(modelIdOrDirectory, options, revision, progress, cancellationToken).ConfigureAwait(false);
        }

        return await Task.Run(() => Load(directory, options, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds a model from your own stages, with the tokenizer and generation defaults of a model folder. The
    /// model takes ownership of both stages and disposes them. <paramref name="parser"/> defaults to
    /// <see cref="LocationTokenParser.Instance"/>.
    /// </summary>
    public static Florence2Model Create(string modelDirectory, IVisionEncoder visionEncoder, ITextDecoder textDecoder, ILocationTokenParser? parser = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(visionEncoder);
        ArgumentNullException.ThrowIfNull(textDecoder);
        var folder = ModelFolder.Open(modelDirectory);
        var config = JsonConfigFile.Load(folder.ConfigPath);
        var tokenizer = FlorenceTokenizer.Load(folder.Directory);
        var maxPositions = config.GetInt("text_config.max_position_embeddings", defaultValue: textDecoder.MaxEncoderLength, min: 2);
        var defaults = GenerationDefaults.Load(config, JsonConfigFile.LoadOptional(folder.GenerationConfigPath),
            tokenizer.EosTokenId, tokenizer.BosTokenId, maxPositions);
        return new Florence2Model(visionEncoder, textDecoder, tokenizer, defaults, parser ?? LocationTokenParser.Instance,
            new Dictionary<Florence2Module, ExecutionProviderChoice>(), loggerFactory?.CreateLogger<Florence2Model>());
    }

    /// <inheritdoc />
    public EncodedImage EncodeImage(ImageInput image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var call = _calls.Enter(this, cancellationToken);
        if (image.Encoded is { } encoded)
        {
            encoded.FeaturesFor(this, nameof(image));
            return encoded;
        }

        try
        {
            return new EncodedImage(_vision.Encode(image, call.Token), this);
        }
        catch (OperationCanceledException cancelled) when (call.Replacement(cancelled, this, cancellationToken) is { } replacement)
        {
            throw replacement;
        }
    }

    /// <inheritdoc />
    public Task<EncodedImage> EncodeImageAsync(ImageInput image, CancellationToken cancellationToken = default) =>
        OffThread(() => EncodeImage(image, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public GenerationResult Generate(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(image, task, text, region: null, options, onToken: null, cancellationToken).Result;

    /// <inheritdoc />
    public TextResult Caption(ImageInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var task = detail switch
        {
            CaptionDetail.Brief => TaskTokens.Caption,
            CaptionDetail.Detailed => TaskTokens.DetailedCaption,
            CaptionDetail.Paragraph => TaskTokens.MoreDetailedCaption,
            _ => throw new ArgumentOutOfRangeException(nameof(detail), detail, "Unknown caption detail."),
        };
        return Text(image, task, null, null, options, cancellationToken);
    }

    /// <inheritdoc />
    public TextResult ReadText(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Text(image, TaskTokens.Ocr, null, null, options, cancellationToken);

    /// <inheritdoc />
    public OcrResult ReadTextWithRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (result, answer) = Run(image, TaskTokens.OcrWithRegion, null, null, options, cancellationToken);
        return TaskResultParsing.Ocr(_parser, result, answer, options);
    }

    /// <inheritdoc />
    public DetectionResult DetectObjects(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Boxes(image, TaskTokens.ObjectDetection, null, labelsRequired: true, options, cancellationToken);

    /// <inheritdoc />
    public DetectionResult CaptionRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Boxes(image, TaskTokens.DenseRegionCaption, null, labelsRequired: true, options, cancellationToken);

    /// <inheritdoc />
    public DetectionResult ProposeRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Boxes(image, TaskTokens.RegionProposal, null, labelsRequired: false, options, cancellationToken);

    /// <inheritdoc />
    public GroundingResult CaptionToPhraseGrounding(ImageInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caption);
        var (result, answer) = Run(image, TaskTokens.CaptionToPhraseGrounding, caption, null, options, cancellationToken);
        return TaskResultParsing.Grounding(_parser, result, answer, options);
    }

    /// <inheritdoc />
    public SegmentationResult SegmentExpression(ImageInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        return Polygons(image, TaskTokens.ReferringExpressionSegmentation, expression, null, options, cancellationToken);
    }

    /// <inheritdoc />
    public SegmentationResult SegmentRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Polygons(image, TaskTokens.RegionToSegmentation, null, region, options, cancellationToken);

    /// <inheritdoc />
    public OpenVocabularyResult DetectOpenVocabulary(ImageInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectName);
        var (result, answer) = Run(image, TaskTokens.OpenVocabularyDetection, objectName, null, options, cancellationToken);
        return TaskResultParsing.OpenVocabulary(_parser, result, answer, options);
    }

    /// <inheritdoc />
    public TextResult ClassifyRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Text(image, TaskTokens.RegionToCategory, null, region, options, cancellationToken);

    /// <inheritdoc />
    public TextResult DescribeRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Text(image, TaskTokens.RegionToDescription, null, region, options, cancellationToken);

    /// <inheritdoc />
    public TextResult ReadRegionText(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Text(image, TaskTokens.RegionToOcr, null, region, options, cancellationToken);

    /// <inheritdoc />
    public TaskResult RunCustomTask(ImageInput image, string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText,
        TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        TaskResultParsing.ValidateAnswerKind(answerKind);
        var (result, answer) = Run(image, prompt, text, null, options, cancellationToken);
        return TaskResultParsing.Custom(_parser, result, answer, answerKind, options);
    }

    /// <inheritdoc />
    public Task<GenerationResult> GenerateAsync(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => Generate(image, task, text, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TextResult> CaptionAsync(ImageInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => Caption(image, detail, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TextResult> ReadTextAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => ReadText(image, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<OcrResult> ReadTextWithRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => ReadTextWithRegions(image, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<DetectionResult> DetectObjectsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => DetectObjects(image, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<DetectionResult> CaptionRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => CaptionRegions(image, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<DetectionResult> ProposeRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => ProposeRegions(image, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<GroundingResult> CaptionToPhraseGroundingAsync(ImageInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => CaptionToPhraseGrounding(image, caption, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<SegmentationResult> SegmentExpressionAsync(ImageInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => SegmentExpression(image, expression, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<SegmentationResult> SegmentRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => SegmentRegion(image, region, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<OpenVocabularyResult> DetectOpenVocabularyAsync(ImageInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => DetectOpenVocabulary(image, objectName, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TextResult> ClassifyRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => ClassifyRegion(image, region, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TextResult> DescribeRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => DescribeRegion(image, region, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TextResult> ReadRegionTextAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => ReadRegionText(image, region, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TaskResult> RunCustomTaskAsync(ImageInput image, string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText,
        TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        OffThread(() => RunCustomTask(image, prompt, text, answerKind, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamTextAsync(ImageInput image, string task, string? text = null, GenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (options?.NumBeams is > 1)
        {
            throw new ArgumentException($"Streaming needs greedy decoding (NumBeams = 1); got NumBeams = {options.NumBeams}.", nameof(options));
        }

        var greedy = (options ?? new GenerationOptions()) with { NumBeams = 1 };
        var tokens = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        // Stopping the enumeration early (or cancelling) stops the generation too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var generation = Task.Run(() =>
        {
            try
            {
                Run(image, task, text, region: null, greedy, token => tokens.Writer.TryWrite(token), stop.Token);
                tokens.Writer.TryComplete();
            }
            catch (Exception e)
            {
                tokens.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        try
        {
            var detokenizer = new StreamingDetokenizer(_tokenizer);
            await foreach (var token in tokens.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var piece = detokenizer.Append(token);
                if (piece.Length > 0)
                {
                    yield return piece;
                }
            }

            var rest = detokenizer.Finish();
            if (rest.Length > 0)
            {
                yield return rest;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await generation.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Running calls are stopped and waited for first: a session must not be freed while a call is inside it.
        _calls.Dispose();
        _vision.Dispose();
        _text.Dispose();
    }

    private TextResult Text(ImageInput image, string task, string? text, BoundingBox? region, TaskOptions? options, CancellationToken cancellationToken)
    {
        var (result, answer) = Run(image, task, text, region, options, cancellationToken);
        return TaskResultParsing.Text(_parser, result, answer);
    }

    private DetectionResult Boxes(ImageInput image, string task, string? text, bool labelsRequired, TaskOptions? options, CancellationToken cancellationToken)
    {
        var (result, answer) = Run(image, task, text, null, options, cancellationToken);
        return TaskResultParsing.Boxes(_parser, result, answer, labelsRequired, options);
    }

    private SegmentationResult Polygons(ImageInput image, string task, string? text, BoundingBox? region, TaskOptions? options, CancellationToken cancellationToken)
    {
        var (result, answer) = Run(image, task, text, region, options, cancellationToken);
        return TaskResultParsing.Polygons(_parser, result, answer, options);
    }

    private (GenerationResult Result, AnswerTokens Answer) Run(ImageInput image, string task, string? text, BoundingBox? region, TaskOptions? options, CancellationToken cancellationToken)
    {
        options?.Validate();
        return Run(image, task, text, region, options?.Generation, onToken: null, cancellationToken);
    }

    /// <summary>The whole pipeline; a region, when given, becomes the task's text once the image size is known.</summary>
    private (GenerationResult Result, AnswerTokens Answer) Run(ImageInput image, string task, string? text, BoundingBox? region, GenerationOptions? options,
        Action<int>? onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(task);
        using var call = _calls.Enter(this, cancellationToken);
        var taskTag = new KeyValuePair<string, object?>(Florence2Telemetry.TaskTag, Instruments.TaskTagValue(task));
        using var activity = Instruments.Source.StartActivity(Florence2Telemetry.GenerateActivity);
        activity?.SetTag(taskTag.Key, taskTag.Value);
        try
        {
            GenerationResult result;
            AnswerTokens answer;
            try
            {
                (result, answer) = RunStages(image, task, text, region, options, onToken, call.Token);
            }
            catch (OperationCanceledException cancelled) when (call.Replacement(cancelled, this, cancellationToken) is { } replacement)
            {
                throw replacement;
            }

            activity?.SetTag("florence2.image.width", result.ImageSize.Width);
            activity?.SetTag("florence2.image.height", result.ImageSize.Height);
            Instruments.RecordStages(result.Timings);
            Instruments.GenerateDuration.Record(result.Timings.Total.TotalSeconds, taskTag);
            Instruments.GeneratedTokens.Add(result.GeneratedTokenIds.Count, taskTag);
            Log.Generated(_logger, taskTag.Value as string ?? task, result.GeneratedTokenIds.Count, result.Timings.DecoderSteps,
                result.Timings.Total.TotalMilliseconds, result.IsTruncated);
            Log.PromptAndAnswer(_logger, result.Prompt, result.Text);
            return (result, answer);
        }
        catch (Exception e)
        {
            var errorType = e.GetType().FullName ?? e.GetType().Name;
            Instruments.Errors.Add(1, taskTag, new KeyValuePair<string, object?>("error.type", errorType));
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            if (e is not OperationCanceledException)
            {
                Log.Failed(_logger, taskTag.Value as string ?? task, errorType, e);
            }

            throw;
        }
    }

    private (GenerationResult Result, AnswerTokens Answer) RunStages(ImageInput image, string task, string? text, BoundingBox? region, GenerationOptions? options,
        Action<int>? onToken, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var settings = DefaultGenerationSettings.With(options);
        PositionLimits.CheckDecoder(settings, _text.MaxEncoderLength);
        if (region is { } r)
        {
            RegionPrompt.ValidateShape(r);
        }
        else
        {
            TaskPrompt.Build(task, text); // fail on a task/text mismatch before the image is encoded
            PromptTextRules.Check(task, text, _tokenizer, nameof(text));
        }

        var features = image.Encoded is { } encoded ? encoded.FeaturesFor(this, nameof(image)) : _vision.Encode(image, cancellationToken);
        var prompt = TaskPrompt.Build(task, region is { } box ? RegionPrompt.Tokens(box, features.ImageSize) : text);
        var promptIds = _tokenizer.Encode(prompt);
        PositionLimits.CheckEncoder(features.TokenCount, promptIds.Length, _text.MaxEncoderLength, nameof(text));
        var generated = _text.Generate(features, promptIds, settings, onToken, cancellationToken);
        return ToResult(task, prompt, promptIds, features, image.Encoded is not null, generated, clock.Elapsed);
    }

    /// <summary>
    /// Decodes the generated ids into the answer and its <see cref="GenerationResult"/>. Features taken from an
    /// <see cref="EncodedImage"/> cost this call nothing, so their vision timings count as zero.
    /// </summary>
    private (GenerationResult Result, AnswerTokens Answer) ToResult(string task, string prompt, IReadOnlyList<int> promptIds, ImageFeatures features,
        bool featuresGiven, GeneratedSequence generated, TimeSpan total)
    {
        var ids = new int[generated.TokenIds.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = generated.TokenIds[i];
        }

        var rawText = _tokenizer.DecodeWithOffsets(ids, out var tokenEnds);
        var answerText = _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(rawText) : rawText;
        var answer = new AnswerTokens(rawText, tokenEnds, generated.TokenLogProbs, generated.IsTruncated, _tokenizer.CleanUpTokenizationSpaces);
        var timings = new StageTimings(featuresGiven ? TimeSpan.Zero : features.PreprocessingTime, featuresGiven ? TimeSpan.Zero : features.EncodingTime,
            generated.EncodingTime, generated.DecodingTime, total, generated.DecoderSteps)
        {
            VisionEncoderInference = featuresGiven ? TimeSpan.Zero : features.InferenceTime,
            TextEncoderInference = generated.EncodingInferenceTime,
            DecoderInference = generated.DecodingInferenceTime,
        };
        var result = new GenerationResult(task, prompt, promptIds, ids, answerText, generated.Score, features.ImageSize, timings)
        {
            TokenLogProbs = generated.TokenLogProbs,
            IsTruncated = generated.IsTruncated,
        };
        return (result, answer);
    }

    /// <summary>
    /// Runs CPU-bound work on the thread pool so that the caller's thread (a request thread, a UI thread) is free.
    /// The work itself honours the token; a token cancelled before the start gives a cancelled task at once.
    /// </summary>
    private static Task<T> OffThread<T>(Func<T> work, CancellationToken cancellationToken) => Task.Run(work, cancellationToken);
}
