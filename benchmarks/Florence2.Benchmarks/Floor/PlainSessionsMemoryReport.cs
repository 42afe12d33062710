using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Benchmarks.Floor;

/// <summary>
/// ONNX Runtime alone, without the library: the four sessions of the base-sized caption folder created with the
/// options transformers.js passes (2 intra-op threads, 1 inter-op, all graph optimizations, ONNX Runtime's defaults
/// otherwise), one after the other or side by side, then one vision run on a blank 768×768 image; prints the peak
/// and current resident set after each step. The counterpart of <c>benchmarks/transformersjs/sessions-memory.mjs</c>
/// (onnxruntime-node on the same files), so the two runtimes' own memory can be compared before the libraries'.
/// </summary>
/// <remarks><c>dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- plain-sessions-memory [--parallel]</c></remarks>
internal static class PlainSessionsMemoryReport
{
    private static readonly string[] Modules = ["vision_encoder", "embed_tokens", "encoder_model", "decoder_model_merged"];

    public static int Run(string[] args)
    {
        var folder = BenchmarkModels.BaseCaption();
        var parallel = args.Contains("--parallel");
        Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}, {(parallel ? "side by side" : "one after the other")}: start {Memory()}");
        var sessions = new InferenceSession[Modules.Length];
        try
        {
            if (parallel)
            {
                Parallel.For(0, Modules.Length, i => sessions[i] = Open(folder, Modules[i]));
                Console.WriteLine($"four sessions {Memory()}");
            }
            else
            {
                for (var i = 0; i < Modules.Length; i++)
                {
                    sessions[i] = Open(folder, Modules[i]);
                    Console.WriteLine($"{Modules[i]} {Memory()}");
                }
            }

            using var pixels = OrtValue.CreateTensorValueFromMemory(new float[3 * 768 * 768], [1, 3, 768, 768]);
            using var runOptions = new RunOptions();
            using (sessions[0].Run(runOptions, ["pixel_values"], [pixels], ["image_features"]))
            {
                Console.WriteLine($"one vision run {Memory()}");
            }
        }
        finally
        {
            foreach (var session in sessions)
            {
                session?.Dispose();
            }
        }

        return 0;
    }

    private static InferenceSession Open(string folder, string module)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        return new InferenceSession(Path.Combine(folder, "onnx", module + ".onnx"), options);
    }

    private static string Memory() => string.Create(CultureInfo.InvariantCulture, $"peak {ProcessMemory.PeakMiB} MiB, now {ProcessMemory.CurrentMiB} MiB");
}
