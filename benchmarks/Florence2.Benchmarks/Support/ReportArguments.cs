using System.Globalization;

namespace Florence2.Benchmarks;

/// <summary>The command-line options of the report modes (<c>--name value</c> pairs) and the machine's load average they print.</summary>
internal static class ReportArguments
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is not given.</summary>
    public static string? String(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The comma-separated values after <paramref name="name"/>, or those of <paramref name="fallback"/>.</summary>
    public static string[] List(string[] args, string name, string fallback) =>
        (String(args, name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The 1, 5 and 15 minute load averages, or "n/a" off Linux.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
