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
        var threads = ReportArguments.Int(args, "--threads", 1);
        var rounds = ReportArguments.Int(args, "--rounds", 20);
        var warmup = ReportArguments.Int(args, "--warmup", 2);
        var task = ReportArguments.String(args, "--task") ?? "caption";
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
        var (low, high) = RoundStatistics.BootstrapMedian(ratios, 4000, seed: 15);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"# floor, {task}, {first.GeneratedTokenIds.Count} tokens, intra-op threads {threads}, {rounds} alternated rounds after {warmup} warm-ups, {Environment.ProcessorCount} cores, load average {ReportArguments.LoadAverage()}"));
        Console.WriteLine("| side | median wall ms | median inside Run ms | median outside Run ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(c, $"| library | {RoundStatistics.Median(libWall):F1} | {RoundStatistics.Median(libOrt):F1} | {RoundStatistics.Median(libWall.Zip(libOrt, (w, o) => w - o).ToList()):F1} |"));
        Console.WriteLine(string.Create(c, $"| plain loop | {RoundStatistics.Median(plainWall):F1} | {RoundStatistics.Median(plainOrt):F1} | {RoundStatistics.Median(plainWall.Zip(plainOrt, (w, o) => w - o).ToList()):F1} |"));
        Console.WriteLine(string.Create(c,
            $"library / plain, per round: median {RoundStatistics.Median(ratios):F4}, IQR {RoundStatistics.Quantile(ratios, 0.25):F4}–{RoundStatistics.Quantile(ratios, 0.75):F4}, bootstrap 95 % CI of the median {low:F4}–{high:F4}"));
        var insideRatios = libOrt.Zip(plainOrt, (l, p) => l / p).ToList();
        Console.WriteLine(string.Create(c,
            $"inside Run only, library / plain: median {RoundStatistics.Median(insideRatios):F4}, IQR {RoundStatistics.Quantile(insideRatios, 0.25):F4}–{RoundStatistics.Quantile(insideRatios, 0.75):F4}"));
        string[] stageNames = ["vision encoder", "text encoder", "decoder"];
        for (var stage = 0; stage < 3; stage++)
        {
            var stageRatios = libStages[stage].Zip(plainStages[stage], (l, p) => l / p).ToList();
            Console.WriteLine(string.Create(c,
                $"inside Run, {stageNames[stage]}: library {RoundStatistics.Median(libStages[stage]):F1} ms, plain {RoundStatistics.Median(plainStages[stage]):F1} ms, ratio median {RoundStatistics.Median(stageRatios):F4}, IQR {RoundStatistics.Quantile(stageRatios, 0.25):F4}–{RoundStatistics.Quantile(stageRatios, 0.75):F4}"));
        }

        return 0;
    }
}
