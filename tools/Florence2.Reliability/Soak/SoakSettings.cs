namespace Florence2.Reliability.Soak;

/// <summary>How long a soak runs and with how many callers.</summary>
/// <param name="Duration">How long the concurrent phase runs.</param>
/// <param name="Callers">Threads calling the one model at once.</param>
/// <param name="Seed">Seed of the tiny model's weights and of the inputs.</param>
internal sealed record SoakSettings(TimeSpan Duration, int Callers = 16, int Seed = 1)
{
    /// <summary>Time between memory samples during the run.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(30);
}
