using Florence2.Reliability.Soak;

namespace Florence2.Tests.Reliability;

/// <summary>
/// A short soak: 16 threads call one model instance with mixed tasks (caption, detection, OCR with regions,
/// grounding, region description; greedy and beams) and every result must equal the sequential reference.
/// The long run is <c>soak --duration 5m</c> (docs/reliability.md).
/// </summary>
public sealed class SoakSmokeTests
{
    [Fact]
    public void Sixteen_callers_on_one_model_get_the_sequential_results()
    {
        var settings = new SoakSettings(TimeSpan.FromSeconds(10), Callers: 16, Seed: 3) { SampleInterval = TimeSpan.FromSeconds(5) };

        var report = SoakRunner.Run(settings, TextWriter.Null);

        Assert.True(report.Mismatches == 0 && report.Errors == 0, report.ToString());
        Assert.True(report.Calls >= settings.Callers, report.ToString());
        Assert.True(report.Dispose is { Ok: true }, report.ToString());
    }
}
