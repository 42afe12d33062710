using System.Globalization;
using System.Text.Json;

namespace Florence2.Benchmarks.Variants;

/// <summary>
/// Turns the JSON lines of <see cref="VariantReport"/> runs into one Markdown table: per variant (in order of first
/// appearance), the medians over its processes, and the decoder step's speed-up over fp32.
/// </summary>
internal static class VariantSummary
{
    public static int Run(string[] args)
    {
        if (args is not [var path])
        {
            Console.Error.WriteLine("usage: Florence2.Benchmarks variants-summary FILE.jsonl");
            return 2;
        }

        var rows = File.ReadLines(path).Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var byVariant = rows.GroupBy(row => row.GetProperty("variant").GetString()!).ToList();
        // Lines from older versions of the report may lack a field: those rows are left out of that column.
        double Median(IEnumerable<JsonElement> group, string key) =>
            RoundStatistics.Median(group.Where(row => row.TryGetProperty(key, out _)).Select(row => row.GetProperty(key).GetDouble()));
        var fp32 = byVariant.FirstOrDefault(g => g.Key == "Fp32");
        var fp32Fast = fp32 is null ? double.NaN : Median(fp32, "library_step_p10_ms");
        var fp32Isolated = fp32 is null ? double.NaN : Median(fp32, "isolated_step_min_ms");

        var first = rows[0];
        var loads = rows.Select(row => row.TryGetProperty("load_average_before", out var load) ? load.GetDouble() : -1).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {first.GetProperty("model").GetString()}: {first.GetProperty("threads").GetInt32()} intra-op thread(s), scope {first.GetProperty("scope").GetString()}, {rows.Count} processes, load average {loads.Min():F1}–{loads.Max():F1}"));
        Console.WriteLine("Medians over the processes; a step's fast tenth (p10) is its cost when the shared cores are free.");
        Console.WriteLine();
        Console.WriteLine("| variant | processes | decoder step (ms) | p10 (ms) | p10 speed-up | step alone, ORT min (ms) | speed-up | vision (ms) | text encoder (ms) | whole call (ms) | files (MB) | peak RSS (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in byVariant)
        {
            var step = Median(group, "library_step_ms");
            var fast = Median(group, "library_step_p10_ms");
            var isolated = Median(group, "isolated_step_min_ms");
            var files = group.First().GetProperty("file_mb").EnumerateArray().Sum(mb => mb.GetDouble());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count()} | {step:F2} | {fast:F2} | {fp32Fast / fast:F2}× | {isolated:F2} | {fp32Isolated / isolated:F2}× | {Median(group, "vision_ms"):F0} | {Median(group, "text_encoder_ms"):F0} | {Median(group, "total_ms"):F0} | {files:F0} | {Median(group, "peak_rss_mb"):F0} |"));
        }
        return 0;
    }
}
