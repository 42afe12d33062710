using Florence2.Runtime;

namespace Florence2.Tests.Runtime;

/// <summary>The intra-op thread default chosen from the measurements in docs/performance.md.</summary>
public sealed class SessionSettingsThreadTests
{
    [Fact]
    public void Zero_means_one_thread_per_core_at_most_eight()
    {
        using var options = SessionFactory.CreateSessionOptions(new SessionSettings());

        Assert.Equal(Math.Min(Environment.ProcessorCount, 8), options.IntraOpNumThreads);
        Assert.Equal(SessionSettings.DefaultIntraOpNumThreads, options.IntraOpNumThreads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void An_explicit_count_is_kept(int threads)
    {
        using var options = SessionFactory.CreateSessionOptions(new SessionSettings { IntraOpNumThreads = threads });

        Assert.Equal(threads, options.IntraOpNumThreads);
    }
}
