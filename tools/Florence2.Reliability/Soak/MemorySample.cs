using System.Diagnostics;
using System.Globalization;

namespace Florence2.Reliability.Soak;

/// <summary>
/// The process's memory at one moment: working set, the GC heap (after a full collection when asked), and what is
/// left for native allocations (ONNX Runtime's arenas and tensors, ImageSharp's pools, the runtime itself).
/// </summary>
internal sealed record MemorySample(string Label, TimeSpan At, long Calls, long WorkingSetBytes, long GcHeapBytes, long ManagedLiveBytes, int Handles)
{
    /// <summary>Working set minus the GC heap: native memory as visible from outside.</summary>
    public long NativeBytes => WorkingSetBytes - GcHeapBytes;

    public static MemorySample Take(string label, TimeSpan at, long calls, bool collect)
    {
        long live = GC.GetTotalMemory(forceFullCollection: collect);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemorySample(label, at, calls, process.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes, live, process.HandleCount);
    }

    public static string Header => "| moment | time | calls | working set | GC heap | live managed | working set − GC heap | handles |\n|---|---:|---:|---:|---:|---:|---:|---:|";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Label} | {At.TotalSeconds:F0} s | {Calls:N0} | {Mb(WorkingSetBytes)} | {Mb(GcHeapBytes)} | {Mb(ManagedLiveBytes)} | {Mb(NativeBytes)} | {Handles} |");

    internal static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");
}
