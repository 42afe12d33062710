using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Benchmarks.Floor;

/// <summary>
/// One process, one load, one caption, as a command-line run does it, with ONNX Runtime's memory settings switched
/// one at a time; prints the peak resident set (VmHWM) after the load and after the call. Run each setting in its
/// own process (the peak only grows).
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- memory [--no-arena] [--pattern] [--no-trim] [--init-device-alloc] [--no-prepack]
/// [--env-allocators] [--parallel N] [--threads N] [--cache DIR] [--calls N]</c>
/// </remarks>
internal static class MemoryReport
{
    public static int Run(string[] args)
    {
        var parallel = ReportArguments.Int(args, "--parallel", 0);
        var threads = ReportArguments.Int(args, "--threads", 2);
        var calls = ReportArguments.Int(args, "--calls", 1);
        var cache = ReportArguments.String(args, "--cache");
        var pattern = args.Contains("--pattern");
        Florence2.Runtime.NativeHeap.TrimAfterLoad = !args.Contains("--no-trim");
        var initializersOutsideArena = args.Contains("--init-device-alloc");
        var envAllocators = args.Contains("--env-allocators");
        var noPrepack = args.Contains("--no-prepack");
        var folder = BenchmarkModels.BaseCaption();
        var image = ImageInput.FromBytes(BenchmarkImages.Jpeg);

        if (envAllocators)
        {
            // One arena for every session, registered with the environment before any session exists.
            using var arena = new OrtArenaCfg(0, -1, -1, -1);
            OrtEnv.Instance().CreateAndRegisterAllocator(OrtMemoryInfo.DefaultInstance, arena);
        }

        var options = new Florence2ModelOptions
        {
            SessionLoadParallelism = parallel,
            OptimizedModelCacheDirectory = cache,
            Session = new SessionSettings { IntraOpNumThreads = threads, EnableMemoryArena = !args.Contains("--no-arena"), EnableMemoryPattern = pattern },
            ImageDecoder = new ImageSharpImageDecoder(),
        };
        if (initializersOutsideArena || envAllocators || noPrepack)
        {
            options.ConfigureSession = so =>
            {
                if (initializersOutsideArena)
                {
                    so.AddSessionConfigEntry("session.use_device_allocator_for_initializers", "1");
                }

                if (envAllocators)
                {
                    so.AddSessionConfigEntry("session.use_env_allocators", "1");
                }

                if (noPrepack)
                {
                    so.AddSessionConfigEntry("session.disable_prepacking", "1");
                }
            };
        }

        var clock = Stopwatch.StartNew();
        using var model = Florence2Model.Load(folder, options);
        var load = clock.Elapsed;
        var afterLoad = ProcessMemory.PeakMiB;
        clock.Restart();
        var answer = model.Caption(image, options: new TaskOptions { Generation = new GenerationOptions { NumBeams = 1 } });
        var call = clock.Elapsed;
        var afterCall = ProcessMemory.PeakMiB;
        // A server's steady state: later calls of the same shapes (ONNX Runtime's memory pattern allocates on the second).
        for (var i = 1; i < calls; i++)
        {
            model.Caption(image, options: new TaskOptions { Generation = new GenerationOptions { NumBeams = 1 } });
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"{string.Join(' ', args)}: load {load.TotalSeconds:F2} s, peak after load {afterLoad} MiB; first call {call.TotalSeconds:F2} s, peak after call {afterCall} MiB, after {calls} calls {ProcessMemory.PeakMiB} MiB, now {ProcessMemory.CurrentMiB} MiB; \"{answer.Text}\""));
        return 0;
    }
}
