using System.Globalization;
using System.Text;

namespace Florence2.Reliability.Soak;

/// <summary>What a soak did: calls, mismatches against the sequential reference, errors, memory over time, and the dispose check.</summary>
internal sealed class SoakReport
{
    public required SoakSettings Settings { get; init; }

    public int CallKinds { get; set; }

    public long Calls;

    public long Mismatches;

    public long Errors;

    public TimeSpan Elapsed { get; set; }

    public List<MemorySample> Memory { get; } = [];

    public SortedDictionary<string, long> ErrorsByType { get; } = new(StringComparer.Ordinal);

    public List<string> Samples { get; } = [];

    public DisposeOutcome? Dispose { get; set; }

    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(culture, $"soak: {Settings.Callers} callers on one model, {CallKinds} call kinds, {Elapsed.TotalSeconds:F0} s");
        text.AppendLine(culture, $"  calls: {Calls:N0} ({Calls / Math.Max(Elapsed.TotalSeconds, 1e-9):F1}/s), mismatches: {Mismatches:N0}, errors: {Errors:N0}");
        foreach (var (type, count) in ErrorsByType)
        {
            text.AppendLine(culture, $"    {type}: {count:N0}");
        }

        foreach (var sample in Samples)
        {
            text.AppendLine("    " + sample);
        }

        text.AppendLine(MemorySample.Header);
        foreach (var sample in Memory)
        {
            text.AppendLine(sample.ToString());
        }

        if (Memory.Count >= 3)
        {
            var warm = Memory[2];
            var end = Memory[^1];
            text.AppendLine(culture,
                $"  growth from '{warm.Label}' to '{end.Label}': working set {MemorySample.Mb(end.WorkingSetBytes - warm.WorkingSetBytes)}, live managed {MemorySample.Mb(end.ManagedLiveBytes - warm.ManagedLiveBytes)}, native {MemorySample.Mb(end.NativeBytes - warm.NativeBytes)}, handles {end.Handles - warm.Handles}");
        }

        if (Dispose is { } d)
        {
            text.Append(d);
        }

        return text.ToString();
    }
}
