using System.Diagnostics;
using System.Globalization;
using Florence2.Generation;

namespace Florence2.Benchmarks.Overhead;

/// <summary>
/// Overhead accounting: for each task, the whole call's wall time against the time spent inside ONNX Runtime's Run
/// calls (the library's own <see cref="StageTimings"/> figures), the image preprocessing apart, and the managed bytes
/// allocated per call and per decoder step. Prints one Markdown table of medians.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- overhead [--size base|tiny] [--iterations N] [--threads N] [--caption-only]</c>.
/// The models are the scripted benchmark models (a short caption, and a 200-token detection answer), written under
/// artifacts/benchmark-models on first use; the image is the 1920×1080 benchmark JPEG.
/// </remarks>
internal static class OverheadReport
{
    public static int Run(string[] args)
    {
        var iterations = ReportArguments.Int(args, "--iterations", 7);
        var threads = ReportArguments.Int(args, "--threads", 0);
        var size = ReportArguments.String(args, "--size") ?? "base";
        var captionModel = size == "tiny" ? BenchmarkModels.TinyCaption() : BenchmarkModels.BaseCaption();
        var image = ImageInput.FromBytes(BenchmarkImages.Jpeg);
        var options = new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = threads }, ImageDecoder = new ImageSharpImageDecoder() };

        Console.WriteLine($"# overhead accounting, {size} model: {iterations} iterations after 2 warm-ups, intra-op threads {(threads == 0 ? "default" : threads)}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| task | beams | steps | wall ms | inside ORT ms | preprocessing ms | library overhead ms | overhead / ORT | preprocessing / ORT | KB per call | bytes per step |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        using (var model = Florence2Model.Load(captionModel, options))
        {
            Measure(model, "caption", image, iterations, beams: 1, static (m, i, o) => m.Caption(i, options: o).Generation!);
            Measure(model, "caption", image, iterations, beams: 3, static (m, i, o) => m.Caption(i, options: o).Generation!);
        }

        if (args.Contains("--caption-only"))
        {
            return 0;
        }

        var longModel = size == "tiny" ? BenchmarkModels.TinyDetection() : BenchmarkModels.BaseDetection();
        using (var model = Florence2Model.Load(longModel, options))
        {
            Measure(model, "detection (long answer)", image, iterations, beams: 1, static (m, i, o) => m.DetectObjects(i, o).Generation!);
            Measure(model, "detection (long answer)", image, iterations, beams: 3, static (m, i, o) => m.DetectObjects(i, o).Generation!);
        }

        return 0;
    }

    private static void Measure(Florence2Model model, string task, ImageInput image, int iterations, int beams,
        Func<Florence2Model, ImageInput, TaskOptions, GenerationResult> call)
    {
        var taskOptions = new TaskOptions { Generation = new GenerationOptions { NumBeams = beams } };
        var decoder = (OnnxTextDecoder)model.TextDecoder;
        var stepBytes = new List<long>();
        long lastStepMark = 0;
        decoder.BeforeDecoderStep = (step, _) =>
        {
            var now = GC.GetAllocatedBytesForCurrentThread();
            if (step >= 2)
            {
                stepBytes.Add(now - lastStepMark); // steady state: from the second cache step on
            }

            lastStepMark = now;
        };

        var wall = new List<double>();
        var inference = new List<double>();
        var preprocessing = new List<double>();
        var overhead = new List<double>();
        var bytes = new List<double>();
        var steps = 0;
        for (var i = -2; i < iterations; i++)
        {
            stepBytes.Clear();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var result = call(model, image, taskOptions);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var callBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            if (i < 0)
            {
                continue;
            }

            var t = result.Timings;
            wall.Add(elapsed);
            inference.Add(t.Inference.TotalMilliseconds);
            preprocessing.Add(t.Preprocessing.TotalMilliseconds);
            overhead.Add(elapsed - t.Inference.TotalMilliseconds - t.Preprocessing.TotalMilliseconds);
            bytes.Add(callBytes / 1024.0);
            steps = t.DecoderSteps;
        }

        decoder.BeforeDecoderStep = null;
        var ort = RoundStatistics.Median(inference);
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {task} | {beams} | {steps} | {RoundStatistics.Median(wall):F1} | {ort:F1} | {RoundStatistics.Median(preprocessing):F1} | {RoundStatistics.Median(overhead):F1} | {100 * RoundStatistics.Median(overhead) / ort:F2}% | {100 * RoundStatistics.Median(preprocessing) / ort:F2}% | {RoundStatistics.Median(bytes):F0} | {(stepBytes.Count == 0 ? 0 : RoundStatistics.Median(stepBytes.ConvertAll(b => (double)b))):F0} |");
        Console.WriteLine(row);
    }
}
