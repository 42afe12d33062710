using System.Diagnostics;
using System.Globalization;

namespace Florence2.Benchmarks.Concurrency;

/// <summary>
/// Concurrent callers with and without micro-batching, on one model each, alternated round by round in one process so
/// that the machine's drift hits every side alike. Each caller runs its calls in a closed loop (the next call when the
/// last returns), all callers start together; a round gives calls per second and every call's latency.
/// Sides: "parallel" (no batcher, every call on its own thread, today's default), "queued" (no batcher, calls one at a
/// time behind a lock: sequential queuing) and "batched wW bB" (the micro-batcher with window W ms, batch size B).
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- micro-batching [--callers 1,4,8] [--rounds 2]
/// [--calls 2] [--configs 5x8,20x8,5x4] [--beams 1] [--task caption|detection]</c>. The model is the base-sized
/// scripted caption model (about 12 answer tokens) or detection model (a 200-token answer), the image the 1920×1080
/// benchmark JPEG, decoded in every call.
/// </remarks>
internal static class MicroBatchingReport
{
    public static int Run(string[] args)
    {
        var callers = ReportArguments.List(args, "--callers", "1,4,8").Select(int.Parse).ToArray();
        var rounds = ReportArguments.Int(args, "--rounds", 2);
        var callsPerCaller = ReportArguments.Int(args, "--calls", 2);
        var beams = ReportArguments.Int(args, "--beams", 1);
        var configs = ReportArguments.List(args, "--configs", "5x8,20x8,5x4")
            .Select(c => c.Split('x'))
            .Select(p => (Window: int.Parse(p[0], CultureInfo.InvariantCulture), Batch: int.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToArray();
        var task = ReportArguments.String(args, "--task") ?? "caption";
        var modelFolder = task switch
        {
            "caption" => BenchmarkModels.BaseCaption(),
            "detection" => BenchmarkModels.BaseDetection(),
            _ => throw new ArgumentException($"--task '{task}' is not known; use caption or detection."),
        };
        Func<Florence2Model, TaskOptions, string> call = task == "caption"
            ? (model, options) => model.Caption(ImageInput.FromBytes(BenchmarkImages.Jpeg), options: options).RawText
            : (model, options) => model.DetectObjects(ImageInput.FromBytes(BenchmarkImages.Jpeg), options).RawText;
        var options = new TaskOptions { Generation = new GenerationOptions { NumBeams = beams } };

        var sides = new List<(string Name, Florence2Model Model, bool Queued)>
        {
            ("parallel", Florence2Model.Load(modelFolder, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() }), false),
            ("queued", Florence2Model.Load(modelFolder, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() }), true),
        };
        foreach (var (window, batch) in configs)
        {
            sides.Add(($"batched w{window} b{batch}", Florence2Model.Load(modelFolder, new Florence2ModelOptions
            {
                MicroBatching = new MicroBatchingOptions { Enabled = true, Window = TimeSpan.FromMilliseconds(window), MaxBatchSize = batch },
                ImageDecoder = new ImageSharpImageDecoder(),
            }), false));
        }

        try
        {
            // Warm-up: one call per side, and the answers must agree.
            var reference = call(sides[0].Model, options);
            foreach (var side in sides)
            {
                var text = call(side.Model, options);
                if (text != reference)
                {
                    throw new InvalidOperationException($"{side.Name} answered '{text}', the parallel side '{reference}'.");
                }
            }

            Console.WriteLine($"# micro-batching: base-sized {task} model, {beams} beam(s), {rounds} alternated rounds × {callsPerCaller} calls per caller, "
                + $"{Environment.ProcessorCount} cores, load average {ReportArguments.LoadAverage()}");
            Console.WriteLine("| callers | side | calls/s | × parallel | × queued | median ms | p95 ms | median / queued |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var count in callers)
            {
                var throughput = sides.ToDictionary(s => s.Name, _ => new List<double>());
                var latencies = sides.ToDictionary(s => s.Name, _ => new List<double>());
                for (var round = 0; round < rounds; round++)
                {
                    // Alternate the order too, so that no side always follows the same one.
                    var order = round % 2 == 0 ? sides : Enumerable.Reverse(sides).ToList();
                    foreach (var side in order)
                    {
                        var (seconds, times) = RunRound(side.Model, side.Queued, count, callsPerCaller, model => call(model, options));
                        throughput[side.Name].Add(count * callsPerCaller / seconds);
                        latencies[side.Name].AddRange(times);
                    }
                }

                var parallel = throughput["parallel"].Average();
                var queued = throughput["queued"].Average();
                var queuedMedian = RoundStatistics.Quantile(latencies["queued"], 0.5);
                foreach (var side in sides)
                {
                    var rate = throughput[side.Name].Average();
                    var median = RoundStatistics.Quantile(latencies[side.Name], 0.5);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {count} | {side.Name} | {rate:0.00} | {rate / parallel:0.00} | {rate / queued:0.00} | {median:0} | {RoundStatistics.Quantile(latencies[side.Name], 0.95):0} | {median / queuedMedian:0.00} |"));
                }
            }
        }
        finally
        {
            foreach (var side in sides)
            {
                side.Model.Dispose();
            }
        }

        return 0;
    }

    /// <summary>One round: <paramref name="callers"/> threads start together, each runs its calls back to back.</summary>
    private static (double Seconds, List<double> Latencies) RunRound(Florence2Model model, bool queued, int callers, int calls, Action<Florence2Model> call)
    {
        using var start = new Barrier(callers + 1);
        var gate = new FifoLock();
        var latencies = new List<double>();
        var threads = Enumerable.Range(0, callers).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < calls; i++)
            {
                var clock = Stopwatch.StartNew();
                if (queued)
                {
                    gate.Enter();
                }

                try
                {
                    call(model);
                }
                finally
                {
                    if (queued)
                    {
                        gate.Exit();
                    }
                }

                lock (latencies)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        var wall = Stopwatch.StartNew();
        start.SignalAndWait();
        threads.ForEach(t => t.Join());
        return (wall.Elapsed.TotalSeconds, latencies);
    }

    /// <summary>
    /// Sequential queuing in arrival order (a ticket lock): a plain lock or semaphore lets the caller that just left
    /// take it again at once, which would make one caller's calls look free and the others' look slow.
    /// </summary>
    private sealed class FifoLock
    {
        private readonly object _sync = new();
        private long _next;
        private long _serving;

        public void Enter()
        {
            lock (_sync)
            {
                var ticket = _next++;
                while (_serving != ticket)
                {
                    Monitor.Wait(_sync);
                }
            }
        }

        public void Exit()
        {
            lock (_sync)
            {
                _serving++;
                Monitor.PulseAll(_sync);
            }
        }
    }
}
