using System.Globalization;

namespace Florence2.Benchmarks;

/// <summary>This process's resident set from <c>/proc/self/status</c>: the peak so far (VmHWM) and now (VmRSS); 0 where there is no procfs.</summary>
internal static class ProcessMemory
{
    public static long PeakMiB => KiB("VmHWM:") / 1024;

    public static long CurrentMiB => KiB("VmRSS:") / 1024;

    public static long PeakBytes => KiB("VmHWM:") * 1024;

    private static long KiB(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return 0;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
