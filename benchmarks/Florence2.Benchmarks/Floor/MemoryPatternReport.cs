using System.Diagnostics;
using System.Globalization;

namespace Florence2.Benchmarks.Floor;

/// <summary>
/// What ONNX Runtime's memory pattern (<see cref="SessionSettings.EnableMemoryPattern"/>, off by default since it
/// costs 426 MiB on the base model) buys in speed: two models of the same folder in one process, pattern on and off,
/// alternated call by call (ABBA), whole calls timed. Prints the median per-round ratio off / on with its IQR and a
/// bootstrap 95 % interval.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- pattern [--task caption|detection] [--threads N] [--rounds N]</c>
/// </remarks>
internal static class MemoryPatternReport
{
    public static int Run(string[] args)
    {
        var threads = ReportArguments.Int(args, "--threads", 2);
        var rounds = ReportArguments.Int(args, "--rounds", 12);
        var task = ReportArguments.String(args, "--task") ?? "caption";
        var folder = task == "detection" ? BenchmarkModels.BaseDetection() : BenchmarkModels.BaseCaption();
        var taskOptions = new TaskOptions { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = BenchmarkModels.MaxNewTokens } };
        var image = ImageInput.FromBytes(BenchmarkImages.Jpeg);
        Florence2Model Load(bool pattern) => Florence2Model.Load(folder, new Florence2ModelOptions
        {
            Session = new SessionSettings { IntraOpNumThreads = threads, InterOpNumThreads = 1, EnableMemoryPattern = pattern },
            ImageDecoder = new ImageSharpImageDecoder(),
        });

        using var on = Load(pattern: true);
        using var off = Load(pattern: false);
        double Time(Florence2Model model)
        {
            var clock = Stopwatch.StartNew();
            _ = task == "detection" ? model.DetectObjects(image, taskOptions).RawText : model.Caption(image, options: taskOptions).RawText;
            return clock.Elapsed.TotalMilliseconds;
        }

        // Two warm-ups each: the pattern is planned on a shape's first run and used from its second.
        for (var i = 0; i < 2; i++)
        {
            Time(on);
            Time(off);
        }

        var onMs = new List<double>();
        var offMs = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double a, b;
            if (round % 2 == 0)
            {
                a = Time(on);
                b = Time(off);
            }
            else
            {
                b = Time(off);
                a = Time(on);
            }

            onMs.Add(a);
            offMs.Add(b);
            ratios.Add(b / a);
        }

        var (low, high) = RoundStatistics.BootstrapMedian(ratios, 4000, seed: 15);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# memory pattern, {task}, intra-op threads {threads}, {rounds} alternated rounds after 2 warm-ups, {Environment.ProcessorCount} cores, load average {ReportArguments.LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pattern on: median {RoundStatistics.Median(onMs):F1} ms; off: median {RoundStatistics.Median(offMs):F1} ms; off / on per round: median {RoundStatistics.Median(ratios):F4}, "
            + $"IQR {RoundStatistics.Quantile(ratios, 0.25):F4}–{RoundStatistics.Quantile(ratios, 0.75):F4}, bootstrap 95 % CI of the median {low:F4}–{high:F4}"));
        return 0;
    }
}
