using System.Diagnostics;
using System.Globalization;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// Runs a target over seeded inputs until the duration or input limit is reached, and classifies each outcome:
/// success, a documented typed exception, or a failure (any other exception, a violated property, or an input
/// that used more CPU time than the per-input timeout). CPU time, not wall time, decides, because the machine
/// may be shared. Each input runs on the thread pool: one that does not return within ten times the timeout is
/// recorded as <c>stuck</c> and abandoned (its thread keeps spinning), and the run goes on; after three such
/// inputs the run stops, since each abandoned input holds a core. An input that allocates more managed memory than
/// the allocation limit (the settings', else the target's) is a failure too (<c>memory</c>).
/// </summary>
internal static class FuzzRunner
{
    private const int MaxSamples = 40;
    private const int MaxStuck = 3;

    public static FuzzReport Run(IFuzzTarget target, FuzzSettings settings, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var report = new FuzzReport(target.Name, settings.Seed);
        var saved = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        int stuck = 0;
        using var process = Process.GetCurrentProcess();
        long? allocationLimit = settings.MaxAllocatedBytes ?? target.AllocationLimit;
        for (long index = settings.FirstIndex; !cancellationToken.IsCancellationRequested; index++)
        {
            if (clock.Elapsed >= settings.Duration || (settings.MaxInputs is { } max && report.Inputs >= max))
            {
                break;
            }

            object input = target.Generate(settings.RandomFor(index));
            var inputClock = Stopwatch.StartNew();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            // Counted on the thread that runs the input, not process-wide: other work in the process (a test run's
            // other tests) must not be charged to it. Worker threads the input starts itself are not counted.
            long allocated = 0;
            string? failure = null;
            Exception? error = null;
            var run = Task.Run(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    target.Execute(input);
                }
                finally
                {
                    Interlocked.Exchange(ref allocated, GC.GetAllocatedBytesForCurrentThread() - before);
                }
            }, CancellationToken.None);
            try
            {
                if (!run.Wait(settings.InputTimeout * 10, CancellationToken.None))
                {
                    stuck++;
                    throw new InvariantViolationException("stuck", string.Create(CultureInfo.InvariantCulture,
                        $"the input did not return within {(settings.InputTimeout * 10).TotalSeconds:F0} s; it was abandoned"));
                }

                report.Successes++;
            }
            catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count == 1)
            {
                Classify(target, input, aggregate.InnerExceptions[0], report, ref failure, ref error);
            }
            catch (InvariantViolationException violation)
            {
                failure = violation.Kind == "stuck" ? "stuck" : "invariant " + violation.Kind;
                error = violation;
            }

            var elapsed = inputClock.Elapsed;
            allocated = Interlocked.Read(ref allocated);
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            if (elapsed > report.SlowestInput)
            {
                report.SlowestInput = elapsed;
                report.SlowestIndex = index;
            }

            if (cpu > report.MostCpu)
            {
                report.MostCpu = cpu;
                report.MostCpuIndex = index;
            }

            if (allocated > report.MostAllocated)
            {
                report.MostAllocated = allocated;
                report.MostAllocatedIndex = index;
            }

            if (failure is null && allocated > allocationLimit)
            {
                failure = "memory";
                error = new InsufficientMemoryException(string.Create(CultureInfo.InvariantCulture,
                    $"The input allocated {allocated / 1048576.0:F1} MiB of managed memory, more than the {allocationLimit / 1048576.0:F0} MiB allowed."));
            }

            if (failure is null && cpu > settings.InputTimeout)
            {
                failure = "hang";
                error = new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"The input used {cpu.TotalSeconds:F2} s of CPU ({elapsed.TotalSeconds:F2} s wall), more than the {settings.InputTimeout.TotalSeconds:F1} s allowed."));
            }

            report.Inputs++;
            if (failure is not null)
            {
                Record(report, target, settings, saved, index, input, failure, error!, log);
            }

            if (stuck >= MaxStuck)
            {
                log.WriteLine($"[{target.Name}] stopping: {stuck} inputs never returned");
                break;
            }

            if (clock.Elapsed - lastProgress >= TimeSpan.FromSeconds(30))
            {
                lastProgress = clock.Elapsed;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{target.Name}] {clock.Elapsed.TotalSeconds:F0} s: {report.Inputs:N0} inputs (last #{index}), {report.FailureCount:N0} failures"));
            }
        }

        report.Duration = clock.Elapsed;
        return report;
    }

    private static void Classify(IFuzzTarget target, object input, Exception exception, FuzzReport report, ref string? failure, ref Exception? error)
    {
        if (exception is InvariantViolationException violation)
        {
            failure = "invariant " + violation.Kind;
            error = violation;
        }
        else if (target.IsExpected(input, exception))
        {
            var name = exception.GetType().Name;
            report.Expected[name] = report.Expected.GetValueOrDefault(name) + 1;
        }
        else
        {
            failure = exception.GetType().FullName ?? exception.GetType().Name;
            error = exception;
        }
    }

    private static void Record(FuzzReport report, IFuzzTarget target, FuzzSettings settings, Dictionary<string, int> saved,
        long index, object input, string kind, Exception error, TextWriter log)
    {
        report.Failures[kind] = report.Failures.GetValueOrDefault(kind) + 1;
        if (report.FailureSamples.Count < MaxSamples)
        {
            report.FailureSamples.Add((index, kind, error.Message));
        }

        int count = saved.GetValueOrDefault(kind);
        if (settings.FailureDirectory is null || count >= settings.MaxSavedPerKind)
        {
            return;
        }

        saved[kind] = count + 1;
        Directory.CreateDirectory(settings.FailureDirectory);
        var baseName = Path.Combine(settings.FailureDirectory, FileName(target.Name, kind, index));
        target.Save(input, baseName);
        File.WriteAllText(baseName + ".error.txt", string.Create(CultureInfo.InvariantCulture,
            $"target {target.Name}, seed {settings.Seed}, index {index}\nreplay: fuzz {target.Name} --seed {settings.Seed} --first {index} --inputs 1\n\n{error}\n"));
        log.WriteLine($"[{target.Name}] FAILURE #{index} {kind}: saved {baseName}.*");
    }

    private static string FileName(string target, string kind, long index)
    {
        var safe = new string(kind.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
        return string.Create(CultureInfo.InvariantCulture, $"{target}-{safe}-{index}");
    }
}
