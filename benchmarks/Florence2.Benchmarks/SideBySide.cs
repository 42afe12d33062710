using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Florence2.Benchmarks;

/// <summary>
/// The .NET half of <c>benchmarks/side-by-side.sh</c> (no BenchmarkDotNet): loads the same model folders as the
/// transformers.js script, runs the same tasks on the same image with the same intra-op thread count, greedy, and
/// prints the median of N timed runs after warm-up as JSON on stdout (progress goes to stderr).
/// </summary>
internal static class SideBySide
{
    private const string Usage = """
        usage: Florence2.Benchmarks side-by-side [--size base|tiny] [--runs N] [--warmup N] [--threads N] [--image FILE]
        """;

    // Relaxed escaping keeps '<' and '>' of the answers readable.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(string[] args)
    {
        var size = "base";
        var runs = 5;
        var warmup = 1;
        var threads = 1;
        string? image = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--size": size = Next(); break;
                case "--runs": runs = NextInt(); break;
                case "--warmup": warmup = NextInt(); break;
                case "--threads": threads = NextInt(); break;
                case "--image": image = Next(); break;
                default: Console.Error.WriteLine($"Unknown option '{args[i]}'.\n{Usage}"); return 2;
            }
        }
        if (size is not ("base" or "tiny") || runs < 1 || warmup < 0 || threads < 1)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        image ??= BenchmarkImages.WriteFiles(Path.Combine(BenchmarkModels.Root, "images"));
        (string Name, string Task, string Folder)[] tasks = size == "base"
            ? [("caption", TaskTokens.Caption, BenchmarkModels.BaseCaption()), ("detection", TaskTokens.ObjectDetection, BenchmarkModels.BaseDetection())]
            : [("caption", TaskTokens.Caption, BenchmarkModels.TinyCaption()), ("detection", TaskTokens.ObjectDetection, BenchmarkModels.TinyDetection())];

        var results = new Dictionary<string, object>();
        foreach (var (name, task, folder) in tasks)
        {
            var clock = Stopwatch.StartNew();
            using var model = Florence2Model.Load(folder, new Florence2ModelOptions
            {
                Session = new SessionSettings { IntraOpNumThreads = threads, InterOpNumThreads = 1 },
                ImageDecoder = new ImageSharpImageDecoder(),
            });
            var loadMs = clock.Elapsed.TotalMilliseconds;
            var options = new TaskOptions { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = BenchmarkModels.MaxNewTokens } };

            // The typed methods: decode the file, preprocess, generate, decode the text and parse it (the JS side runs
            // post_process_generation likewise).
            GenerationResult Once()
            {
                var input = ImageInput.FromFile(image);
                TaskResult typed = task == TaskTokens.Caption ? model.Caption(input, CaptionDetail.Brief, options) : model.DetectObjects(input, options);
                return typed.Generation ?? throw new InvalidOperationException("The task result carries no generation details.");
            }

            for (var i = 0; i < warmup; i++)
            {
                Once();
            }
            var samples = new List<(double Ms, GenerationResult Result)>();
            for (var i = 0; i < runs; i++)
            {
                clock.Restart();
                var result = Once();
                samples.Add((clock.Elapsed.TotalMilliseconds, result));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotnet {name} run {i + 1}/{runs}: {samples[^1].Ms:F0} ms"));
            }

            var last = samples[^1].Result;
            results[name] = new Dictionary<string, object>
            {
                ["task"] = task,
                ["model"] = folder,
                ["load_ms"] = Math.Round(loadMs, 1),
                ["median_ms"] = Math.Round(RoundStatistics.Median(samples.Select(s => s.Ms)), 1),
                ["min_ms"] = Math.Round(samples.Min(s => s.Ms), 1),
                ["runs_ms"] = samples.Select(s => Math.Round(s.Ms, 1)).ToArray(),
                ["generated_tokens"] = last.GeneratedTokenIds.Count,
                ["text"] = last.Text,
                ["stages_median_ms"] = new Dictionary<string, double>
                {
                    ["preprocessing"] = Math.Round(RoundStatistics.Median(samples.Select(s => s.Result.Timings.Preprocessing.TotalMilliseconds)), 1),
                    ["vision_encoder"] = Math.Round(RoundStatistics.Median(samples.Select(s => s.Result.Timings.VisionEncoder.TotalMilliseconds)), 1),
                    ["text_encoder"] = Math.Round(RoundStatistics.Median(samples.Select(s => s.Result.Timings.TextEncoder.TotalMilliseconds)), 1),
                    ["decoder"] = Math.Round(RoundStatistics.Median(samples.Select(s => s.Result.Timings.Decoder.TotalMilliseconds)), 1),
                },
                ["decoder_steps"] = last.Timings.DecoderSteps,
            };
        }

        var report = new Dictionary<string, object>
        {
            ["library"] = "Florence2 (.NET " + Environment.Version + ")",
            ["size"] = size,
            ["image"] = Path.GetFullPath(image),
            ["threads"] = threads,
            ["warmup"] = warmup,
            ["runs"] = runs,
            ["max_new_tokens"] = BenchmarkModels.MaxNewTokens,
            ["tasks"] = results,
        };
        Console.WriteLine(JsonSerializer.Serialize(report, Indented));
        return 0;
    }
}
