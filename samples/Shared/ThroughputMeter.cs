using System.Globalization;

namespace Florence2.Samples;

/// <summary>
/// Elapsed time, rate and estimated time left of a run over a known number of items, as one short text such as
/// <c>12/40 images, 0:08 elapsed, 1.50/s, ETA 0:19</c>. The rate is the mean since the start; no ETA before the
/// first item is done. Shared (as a linked file) by the florence2 CLI and BatchCaption. Not thread-safe.
/// </summary>
internal sealed class ThroughputMeter(int total, TimeProvider clock)
{
    private readonly long _start = clock.GetTimestamp();

    public int Total { get; } = total;

    public TimeSpan Elapsed => clock.GetElapsedTime(_start);

    /// <summary>The progress text after <paramref name="done"/> of <see cref="Total"/> items.</summary>
    public string Describe(int done, string unit = "images")
    {
        var elapsed = Elapsed;
        var text = $"{done}/{Total} {unit}, {Clock(elapsed)} elapsed";
        if (done <= 0 || elapsed <= TimeSpan.Zero)
        {
            return text;
        }

        var rate = done / elapsed.TotalSeconds;
        var left = TimeSpan.FromSeconds(Math.Max(0, Total - done) / rate);
        return text + string.Create(CultureInfo.InvariantCulture, $", {rate:0.00}/s, ETA {Clock(left)}");
    }

    /// <summary>m:ss, or h:mm:ss from an hour on.</summary>
    public static string Clock(TimeSpan time)
    {
        var seconds = (long)Math.Round(Math.Max(0, time.TotalSeconds));
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }
}
