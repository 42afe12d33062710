using System.Diagnostics;
using System.Globalization;

namespace Florence2.Benchmarks.Floor;

/// <summary>
/// The library against <see cref="PlainLoop"/> over the same four sessions, in one process, alternated call by call
/// (ABBA: even rounds library first, odd rounds plain loop first), so both sides see the same process, the same
/// native kernels and the same machine load within a round. Reports the median of the per-round ratios
/// library / plain with its interquartile range and a bootstrap 95 % interval of that median.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- floor [--task caption|detection] [--threads N] [--rounds N] [--warmup N]</c>,
/// base-sized scripted models, greedy decoding, the 1920×1080 benchmark JPEG.
/// </remarks>
internal static class FloorReport
{
    public static int Run(string[] args)
    {
        var threads = IntArgument(args, "--threads", 1);
        var rounds = IntArgument(args, "--rounds", 20);
        var warmup = IntArgument(args, "--warmup", 2);
        var task = StringArgument(args, "--task") ?? "caption";
        var folder = task == "detection" ? BenchmarkModels.BaseDetection() : BenchmarkModels.BaseCaption();
        var options = new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = threads, InterOpNumThreads = 1 }, ImageDecoder = new ImageSharpImageDecoder() };
        var taskOptions = new TaskOptions { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = BenchmarkModels.MaxNewTokens } };
        var image = ImageInput.FromBytes(BenchmarkImages.Jpeg);

        using var model = Florence2Model.Load(folder, options);
        using var plain = new PlainLoop(model);
        var defaults = model.Info.DefaultGenerationSettings;
        Func<GenerationResult> library = task == "detection"
            ? () => model.DetectObjects(image, taskOptions).Generation!
            : () => model.Caption(image, options: taskOptions).Generation!;

        var first = library();
        var promptIds = first.PromptTokenIds;
        var plainIds = plain.Generate(image, promptIds, defaults.DecoderStartTokenId, defaults.EosTokenId, BenchmarkModels.MaxNewTokens);
        if (!plainIds.Select(i => (int)i).SequenceEqual(first.GeneratedTokenIds))
        {
            Console.Error.WriteLine($"The plain loop's tokens differ from the library's:\n  library {string.Join(' ', first.GeneratedTokenIds)}\n  plain   {string.Join(' ', plainIds)}");
            return 1;
        }

        for (var i = 0; i < warmup; i++)
        {
            library();
            plain.Generate(image, promptIds, defaults.DecoderStartTokenId, defaults.EosTokenId, BenchmarkModels.MaxNewTokens);
        }

        var libWall = new List<double>();
        var libOrt = new List<double>();
        var plainWall = new List<double>();
        var plainOrt = new List<double>();
        var libStages = new List<double>[] { [], [], [] };
        var plainStages = new List<double>[] { [], [], [] };
        for (var round = 0; round < rounds; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                var clock = Stopwatch.StartNew();
                if ((side == 0) == (round % 2 == 0))
                {
                    var result = library();
                    libWall.Add(clock.Elapsed.TotalMilliseconds);
                    libOrt.Add(result.Timings.Inference.TotalMilliseconds);
                    libStages[0].Add(result.Timings.VisionEncoderInference.TotalMilliseconds);
                    libStages[1].Add(result.Timings.TextEncoderInference.TotalMilliseconds);
                    libStages[2].Add(result.Timings.DecoderInference.TotalMilliseconds);
                }
                else
                {
                    plain.Generate(image, promptIds, defaults.DecoderStartTokenId, defaults.EosTokenId, BenchmarkModels.MaxNewTokens);
                    plainWall.Add(clock.Elapsed.TotalMilliseconds);
                    plainOrt.Add(plain.InferenceTime.TotalMilliseconds);
                    plainStages[0].Add(plain.StageInference.Vision.TotalMilliseconds);
                    plainStages[1].Add(plain.StageInference.TextEncoder.TotalMilliseconds);
                    plainStages[2].Add(plain.StageInference.Decoder.TotalMilliseconds);
                }
            }
        }

        var ratios = libWall.Zip(plainWall, (l, p) => l / p).ToList();
        var (low, high) = BootstrapMedian(ratios, 4000, seed: 15);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"# floor, {task}, {first.GeneratedTokenIds.Count} tokens, intra-op threads {threads}, {rounds} alternated rounds after {warmup} warm-ups, {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        Console.WriteLine("| side | median wall ms | median inside Run ms | median outside Run ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(c, $"| library | {Median(libWall):F1} | {Median(libOrt):F1} | {Median(libWall.Zip(libOrt, (w, o) => w - o).ToList()):F1} |"));
        Console.WriteLine(string.Create(c, $"| plain loop | {Median(plainWall):F1} | {Median(plainOrt):F1} | {Median(plainWall.Zip(plainOrt, (w, o) => w - o).ToList()):F1} |"));
        Console.WriteLine(string.Create(c,
            $"library / plain, per round: median {Median(ratios):F4}, IQR {Quantile(ratios, 0.25):F4}–{Quantile(ratios, 0.75):F4}, bootstrap 95 % CI of the median {low:F4}–{high:F4}"));
        var insideRatios = libOrt.Zip(plainOrt, (l, p) => l / p).ToList();
        Console.WriteLine(string.Create(c,
            $"inside Run only, library / plain: median {Median(insideRatios):F4}, IQR {Quantile(insideRatios, 0.25):F4}–{Quantile(insideRatios, 0.75):F4}"));
        string[] stageNames = ["vision encoder", "text encoder", "decoder"];
        for (var stage = 0; stage < 3; stage++)
        {
            var stageRatios = libStages[stage].Zip(plainStages[stage], (l, p) => l / p).ToList();
            Console.WriteLine(string.Create(c,
                $"inside Run, {stageNames[stage]}: library {Median(libStages[stage]):F1} ms, plain {Median(plainStages[stage]):F1} ms, ratio median {Median(stageRatios):F4}, IQR {Quantile(stageRatios, 0.25):F4}–{Quantile(stageRatios, 0.75):F4}"));
        }

        return 0;
    }

    internal static (double Low, double High) BootstrapMedian(List<double> values, int resamples, int seed)
    {
        var random = new Random(seed);
        var medians = new List<double>(resamples);
        var sample = new List<double>(values.Count);
        for (var r = 0; r < resamples; r++)
        {
            sample.Clear();
            for (var i = 0; i < values.Count; i++)
            {
                sample.Add(values[random.Next(values.Count)]);
            }

            medians.Add(Median(sample));
        }

        return (Quantile(medians, 0.025), Quantile(medians, 0.975));
    }

    internal static double Median(List<double> values) => Quantile(values, 0.5);

    internal static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static int IntArgument(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static string? StringArgument(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
