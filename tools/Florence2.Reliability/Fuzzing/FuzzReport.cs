using System.Globalization;
using System.Text;

namespace Florence2.Reliability.Fuzzing;

/// <summary>What a fuzz run did: inputs tried, outcomes by kind, and the first failures in detail.</summary>
internal sealed class FuzzReport
{
    public FuzzReport(string target, int seed)
    {
        Target = target;
        Seed = seed;
    }

    public string Target { get; }

    public int Seed { get; }

    public long Inputs { get; set; }

    public long Successes { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Slowest single input, wall clock.</summary>
    public TimeSpan SlowestInput { get; set; }

    public long SlowestIndex { get; set; }

    /// <summary>Most CPU time one input used (all threads of the process while it ran).</summary>
    public TimeSpan MostCpu { get; set; }

    public long MostCpuIndex { get; set; }

    /// <summary>Most managed bytes one input allocated on the thread that ran it (<see cref="GC.GetAllocatedBytesForCurrentThread"/> before and after).</summary>
    public long MostAllocated { get; set; }

    public long MostAllocatedIndex { get; set; }

    /// <summary>Documented typed exceptions, by type name.</summary>
    public SortedDictionary<string, long> Expected { get; } = new(StringComparer.Ordinal);

    /// <summary>Failures, by kind (exception type, violated property, or hang).</summary>
    public SortedDictionary<string, long> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>The first failures: input index, kind and message.</summary>
    public List<(long Index, string Kind, string Message)> FailureSamples { get; } = [];

    public long FailureCount => Failures.Values.Sum();

    public override string ToString()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"target {Target}, seed {Seed}: {Inputs:N0} inputs in {Duration.TotalSeconds:F1} s ({Inputs / Math.Max(Duration.TotalSeconds, 1e-9):N0}/s)");
        text.AppendLine(culture, $"  success: {Successes:N0}");
        foreach (var (kind, count) in Expected)
        {
            text.AppendLine(culture, $"  expected {kind}: {count:N0}");
        }

        text.AppendLine(culture, $"  FAILURES: {FailureCount:N0}");
        foreach (var (kind, count) in Failures)
        {
            text.AppendLine(culture, $"    {kind}: {count:N0}");
        }

        foreach (var (index, kind, message) in FailureSamples)
        {
            text.AppendLine(culture, $"    #{index} {kind}: {Shorten(message)}");
        }

        text.AppendLine(culture, $"  slowest input: #{SlowestIndex}, {SlowestInput.TotalMilliseconds:F1} ms");
        text.AppendLine(culture, $"  most CPU: #{MostCpuIndex}, {MostCpu.TotalMilliseconds:F1} ms");
        text.Append(culture, $"  most allocated: #{MostAllocatedIndex}, {MostAllocated / 1048576.0:F1} MiB");
        return text.ToString();
    }

    private static string Shorten(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length <= 240 ? line : string.Concat(line.AsSpan(0, 240), "…");
    }
}
