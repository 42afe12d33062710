using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Florence2.Generation;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Benchmarks.Variants;

/// <summary>
/// One model variant in one process (so that its peak RSS is its own): the decoder step in isolation (one cached step
/// of the merged decoder through a plain ONNX Runtime session, past length <c>--past</c>), then whole 200-token
/// detections through the library with the variant loaded for every module (or the decoder only), with the per-step
/// time read at each decoder step. Prints one JSON line; <c>benchmarks/variants.sh</c> alternates variants over fresh
/// processes and <see cref="VariantSummary"/> turns the lines into a table.
/// </summary>
/// <remarks>
/// <c>dotnet Florence2.Benchmarks.dll variants --variant Q4 [--scope all|decoder] [--threads N] [--runs N] [--steps N] [--past N] [--model DIR] [--label TEXT]</c>
/// </remarks>
internal static class VariantReport
{
    private const string Usage = """
        usage: Florence2.Benchmarks variants --variant NAME [--scope all|decoder] [--threads N] [--runs N] [--steps N] [--past N] [--model DIR] [--label TEXT]
          NAME: Fp32, Fp16, Quantized, Int8, Uint8, Q4 or Q4F16 (a variant the model folder has)
          --label: the row name in variants-summary (default: the variant's name)
        """;

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static int Run(string[] args)
    {
        ModelVariant? variant = null;
        var scope = "all";
        var threads = 1;
        var runs = 3;
        var steps = 50;
        var past = 100;
        string? folder = null;
        string? label = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--variant": variant = Enum.Parse<ModelVariant>(Next(), ignoreCase: true); break;
                case "--scope": scope = Next(); break;
                case "--threads": threads = NextInt(); break;
                case "--runs": runs = NextInt(); break;
                case "--steps": steps = NextInt(); break;
                case "--past": past = NextInt(); break;
                case "--model": folder = Next(); break;
                case "--label": label = Next(); break;
                default: Console.Error.WriteLine($"Unknown option '{args[i]}'.\n{Usage}"); return 2;
            }
        }
        if (variant is not { } chosen || scope is not ("all" or "decoder") || threads < 1 || runs < 1 || steps < 1 || past < 1)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        folder ??= BenchmarkModels.BaseDetectionVariants();
        var loadBefore = LoadAverage();
        var session = new SessionSettings { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        var options = scope == "all" ? new Florence2ModelOptions { Session = session, Variants = ModelVariants.All(chosen), ImageDecoder = new ImageSharpImageDecoder() }
            : new Florence2ModelOptions { Session = session, Variants = new ModelVariants { Decoder = chosen }, ImageDecoder = new ImageSharpImageDecoder() };
        var files = LoadedFiles(folder, options);

        var isolated = IsolatedDecoderStep(files[3], threads, steps, past);

        var clock = Stopwatch.StartNew();
        using var model = Florence2Model.Load(folder, options);
        var loadMs = clock.Elapsed.TotalMilliseconds;
        var rssAfterLoad = ProcessMemory.PeakBytes;

        var decoder = (OnnxTextDecoder)model.TextDecoder;
        var stepMs = new List<double>();
        var stepClock = new Stopwatch();
        decoder.BeforeDecoderStep = (step, _) =>
        {
            // From the second cached step on: the steady state (step 0 also computes the cross-attention cache).
            if (step >= 2)
            {
                stepMs.Add(stepClock.Elapsed.TotalMilliseconds);
            }
            stepClock.Restart();
        };

        var image = ImageInput.FromBytes(BenchmarkImages.Jpeg);
        var generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = BenchmarkModels.MaxNewTokens };
        var calls = new List<GenerationResult>();
        var allSteps = new List<double>();
        for (var i = -1; i < runs; i++)
        {
            stepMs.Clear();
            var result = model.Generate(image, TaskTokens.ObjectDetection, options: generation);
            if (i >= 0)
            {
                calls.Add(result);
                allSteps.AddRange(stepMs);
            }
        }

        var report = new Dictionary<string, object>
        {
            ["variant"] = label ?? chosen.ToString(),
            ["scope"] = scope,
            ["threads"] = threads,
            ["model"] = folder,
            ["files"] = files.Select(Path.GetFileName).ToArray(),
            ["file_mb"] = files.Select(f => Math.Round(new FileInfo(f).Length / 1e6, 1)).ToArray(),
            ["isolated_step_ms"] = Math.Round(isolated.MedianMs, 2),
            ["isolated_step_min_ms"] = Math.Round(isolated.MinMs, 2),
            ["isolated_past"] = past,
            ["load_ms"] = Math.Round(loadMs, 0),
            ["steps"] = calls[^1].Timings.DecoderSteps,
            ["library_step_ms"] = Math.Round(RoundStatistics.Median(allSteps), 2),
            // The fastest tenth: what a step costs when no other process takes the cores (the build machine is shared).
            ["library_step_p10_ms"] = Math.Round(Percentile(allSteps, 0.10), 2),
            ["decoder_ms"] = Math.Round(RoundStatistics.Median(calls.Select(c => c.Timings.Decoder.TotalMilliseconds)), 0),
            ["vision_ms"] = Math.Round(RoundStatistics.Median(calls.Select(c => c.Timings.VisionEncoder.TotalMilliseconds)), 0),
            ["text_encoder_ms"] = Math.Round(RoundStatistics.Median(calls.Select(c => c.Timings.TextEncoder.TotalMilliseconds)), 0),
            ["total_ms"] = Math.Round(RoundStatistics.Median(calls.Select(c => c.Timings.Total.TotalMilliseconds)), 0),
            ["tokens"] = calls[^1].GeneratedTokenIds.Count,
            ["answer_prefix"] = calls[^1].Text.Length > 60 ? calls[^1].Text[..60] : calls[^1].Text,
            ["peak_rss_after_load_mb"] = Math.Round(rssAfterLoad / 1e6, 0),
            ["peak_rss_mb"] = Math.Round(ProcessMemory.PeakBytes / 1e6, 0),
            ["load_average_before"] = loadBefore,
            ["load_average_after"] = LoadAverage(),
        };
        Console.WriteLine(JsonSerializer.Serialize(report, Compact));
        return 0;
    }

    // The four files the options select, in pipeline order (vision, embed, encoder, decoder).
    private static string[] LoadedFiles(string folder, Florence2ModelOptions options)
    {
        static string Suffix(ModelVariant v) => v switch
        {
            ModelVariant.Fp32 => "",
            ModelVariant.Q4F16 => "_q4f16",
            ModelVariant.Quantized => "_quantized",
            _ => "_" + v.ToString().ToLowerInvariant(),
        };
        return
        [
            Path.Combine(folder, "onnx", "vision_encoder" + Suffix(options.Variants.VisionEncoder) + ".onnx"),
            Path.Combine(folder, "onnx", "embed_tokens" + Suffix(options.Variants.EmbedTokens) + ".onnx"),
            Path.Combine(folder, "onnx", "encoder_model" + Suffix(options.Variants.Encoder) + ".onnx"),
            Path.Combine(folder, "onnx", "decoder_model_merged" + Suffix(options.Variants.Decoder) + ".onnx"),
        ];
    }

    /// <summary>
    /// One cached step of the merged decoder alone (batch 1, one new token, <paramref name="past"/> earlier tokens, 590
    /// encoder tokens), all graph optimizations, <paramref name="threads"/> intra-op threads: median and minimum of
    /// <paramref name="steps"/> runs after 5 warm-ups. Inputs are random; the cost does not depend on their values.
    /// </summary>
    private static (double MedianMs, double MinMs) IsolatedDecoderStep(string path, int threads, int steps, int past)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(path, sessionOptions);
        const int encoderTokens = 590;
        var random = new Random(5);
        var inputs = new Dictionary<string, OrtValue>();
        foreach (var (name, meta) in session.InputMetadata)
        {
            long[] shape = name switch
            {
                "encoder_attention_mask" => [1, encoderTokens],
                "encoder_hidden_states" => [1, encoderTokens, meta.Dimensions[2]],
                "inputs_embeds" => [1, 1, meta.Dimensions[2]],
                "use_cache_branch" => [1],
                _ when name.Contains(".decoder.", StringComparison.Ordinal) => [1, meta.Dimensions[1], past, meta.Dimensions[3]],
                _ => [1, meta.Dimensions[1], encoderTokens, meta.Dimensions[3]],
            };
            var count = (int)shape.Aggregate(1L, (a, b) => a * b);
            inputs[name] = meta.ElementDataType switch
            {
                TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, count).ToArray(), shape),
                TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory(new[] { true }, shape),
                TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, count).Select(_ => (Float16)(float)(random.NextDouble() - 0.5)).ToArray(), shape),
                _ => OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(), shape),
            };
        }

        try
        {
            using var runOptions = new RunOptions();
            var times = new List<double>();
            for (var i = -5; i < steps; i++)
            {
                var clock = Stopwatch.StartNew();
                using var outputs = session.Run(runOptions, inputs.Keys, inputs.Values, session.OutputNames);
                if (i >= 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            return (RoundStatistics.Median(times), times.Min());
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    // The 1-minute load average (/proc/loadavg), or -1 where there is none: how busy the shared machine was.
    private static double LoadAverage() => File.Exists("/proc/loadavg")
        ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
        : -1;

    internal static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[(int)Math.Floor(fraction * (sorted.Length - 1))];
    }
}
