using System.Diagnostics;
using System.Globalization;

namespace Florence2.Reliability.Soak;

/// <summary>
/// Loads the tiny test model once, computes each call's result sequentially as the reference, then lets many
/// threads call the one model instance for the given time, comparing every result with the reference and sampling
/// memory. At the end it disposes a second instance of the model while calls are running on it.
/// </summary>
internal static class SoakRunner
{
    private const int MaxSamples = 10;

    public static SoakReport Run(SoakSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var directory = Path.Combine(Path.GetTempPath(), "florence2-soak", Guid.NewGuid().ToString("N"));
        try
        {
            SoakModel.Write(directory, settings.Seed);
            return Run(directory, settings, log);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    /// <summary>Runs the soak on the model folder <paramref name="directory"/> (written by <see cref="SoakModel.Write"/>).</summary>
    public static SoakReport Run(string directory, SoakSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var report = new SoakReport { Settings = settings };
        var clock = Stopwatch.StartNew();
        var calls = SoakCall.Mix(SoakModel.Images(settings.Seed));
        report.CallKinds = calls.Count;
        string[] reference;
        using (var model = Florence2Model.Load(directory, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() }))
        {
            Sample(report, "loaded", clock, collect: true, log);
            reference = new string[calls.Count];
            for (int i = 0; i < calls.Count; i++)
            {
                reference[i] = calls[i].Run(model, CancellationToken.None);
            }

            Sample(report, "reference done", clock, collect: true, log);
            RunConcurrently(model, calls, reference, settings, report, clock, log);
            Sample(report, "end, callers stopped", clock, collect: true, log);
        }

        Sample(report, "model disposed", clock, collect: true, log);
        using (var model = Florence2Model.Load(directory, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() }))
        {
            report.Dispose = DisposeWhileRunning(model, calls, reference, 8);
        }

        return report;
    }

    /// <summary>
    /// Starts <paramref name="count"/> calls on <paramref name="model"/>, disposes it while they run, and reports what
    /// each call ended with, how long Dispose took, and whether a call after Dispose was refused.
    /// </summary>
    public static DisposeOutcome DisposeWhileRunning(Florence2Model model, IReadOnlyList<SoakCall> calls, IReadOnlyList<string> reference, int count)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var allStarted = new CountdownEvent(count);
        var outcomes = new string[count];
        var threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            int caller = i;
            threads[i] = new Thread(() =>
            {
                int which = caller % calls.Count;
                allStarted.Signal();
                try
                {
                    outcomes[caller] = calls[which].Run(model, CancellationToken.None) == reference[which] ? "completed" : "MISMATCH";
                }
                catch (ObjectDisposedException)
                {
                    outcomes[caller] = "disposed";
                }
                catch (OperationCanceledException)
                {
                    outcomes[caller] = "cancelled";
                }
                catch (Exception e)
                {
                    outcomes[caller] = e.GetType().Name + ": " + e.Message;
                }
            }) { IsBackground = true, Name = "dispose-check caller " + caller };
            threads[i].Start();
        }

        allStarted.Wait();
        Thread.Sleep(50); // let the calls get into the encoders and decoders
        var disposeClock = Stopwatch.StartNew();
        model.Dispose();
        var disposeTime = disposeClock.Elapsed;
        foreach (var thread in threads)
        {
            thread.Join();
        }

        bool refused;
        try
        {
            _ = calls[0].Run(model, CancellationToken.None);
            refused = false;
        }
        catch (ObjectDisposedException)
        {
            refused = true;
        }

        int completed = outcomes.Count(o => o == "completed");
        int disposed = outcomes.Count(o => o == "disposed");
        int cancelled = outcomes.Count(o => o == "cancelled");
        var other = outcomes.Where(o => o is not ("completed" or "disposed" or "cancelled")).ToList();
        return new DisposeOutcome(count, completed, disposed, cancelled, other.Count, disposeTime, refused, other.Count == 0 ? null : string.Join("; ", other));
    }

    private static void RunConcurrently(Florence2Model model, IReadOnlyList<SoakCall> calls, string[] reference, SoakSettings settings,
        SoakReport report, Stopwatch clock, TextWriter log)
    {
        using var stop = new CancellationTokenSource();
        var start = clock.Elapsed;
        var threads = new Thread[settings.Callers];
        for (int i = 0; i < threads.Length; i++)
        {
            int caller = i;
            threads[i] = new Thread(() => CallLoop(model, calls, reference, caller, report, stop.Token))
            {
                IsBackground = true,
                Name = "soak caller " + caller,
            };
            threads[i].Start();
        }

        bool middleTaken = false;
        var nextSample = start + settings.SampleInterval;
        while (clock.Elapsed - start < settings.Duration)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(100));
            if (!middleTaken && clock.Elapsed - start >= settings.Duration / 2)
            {
                middleTaken = true;
                Sample(report, "middle", clock, collect: true, log);
            }
            else if (clock.Elapsed >= nextSample)
            {
                nextSample += settings.SampleInterval;
                Sample(report, "running", clock, collect: false, log);
            }
        }

        stop.Cancel();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        report.Elapsed = clock.Elapsed - start;
    }

    private static void CallLoop(Florence2Model model, IReadOnlyList<SoakCall> calls, string[] reference, int caller, SoakReport report, CancellationToken stop)
    {
        // Callers walk the calls with different strides, so every kind runs beside every other.
        int stride = (2 * caller) + 1;
        for (long k = 0; !stop.IsCancellationRequested; k++)
        {
            int which = (int)(((caller * 5) + (k * stride)) % calls.Count);
            try
            {
                string actual = calls[which].Run(model, CancellationToken.None);
                if (actual != reference[which])
                {
                    Interlocked.Increment(ref report.Mismatches);
                    AddSample(report, $"mismatch in '{calls[which].Name}': expected {Shorten(reference[which])}, got {Shorten(actual)}");
                }
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref report.Errors);
                lock (report.ErrorsByType)
                {
                    var type = e.GetType().FullName ?? e.GetType().Name;
                    report.ErrorsByType[type] = report.ErrorsByType.GetValueOrDefault(type) + 1;
                }

                AddSample(report, $"error in '{calls[which].Name}': {e}");
            }

            Interlocked.Increment(ref report.Calls);
        }
    }

    private static void AddSample(SoakReport report, string sample)
    {
        lock (report.Samples)
        {
            if (report.Samples.Count < MaxSamples)
            {
                report.Samples.Add(sample);
            }
        }
    }

    private static void Sample(SoakReport report, string label, Stopwatch clock, bool collect, TextWriter log)
    {
        var sample = MemorySample.Take(label, clock.Elapsed, Interlocked.Read(ref report.Calls), collect);
        lock (report.Memory)
        {
            report.Memory.Add(sample);
        }

        log.WriteLine(sample);
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : string.Concat(text.AsSpan(0, 160), "…");
}
