using Florence2.Cli;
using Florence2.Tests.Hub;

namespace Florence2.Tests.Samples.Cli;

/// <summary>
/// A Hub id without a reachable Hub (issue 16): the wait is shown while it lasts, the Hub client's retries appear on
/// stderr as they happen, and the error names the ways to work offline.
/// </summary>
public sealed class CliOfflineTests(CliTestFiles files) : IClassFixture<CliTestFiles>, IDisposable
{
    private const string RepoId = "test-org/model";
    private readonly HubTestCache _cache = new();

    public void Dispose() => _cache.Dispose();

    private static async Task<CliRun> Run(HubOptions hub, bool showProgress, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, showProgress, CancellationToken.None, hub);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_hub_that_refuses_the_connection_fails_naming_the_offline_ways()
    {
        var hub = new HubOptions { Endpoint = FakeHubServer.RefusingEndpoint(), CacheDirectory = _cache.Root };

        var run = await Run(hub, showProgress: false, "detect", files.Image, "--model", RepoId);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("HF_HUB_OFFLINE=1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--model DIR", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project tests/Florence2.TestModels", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Offline_mode_with_an_empty_cache_also_names_the_offline_ways()
    {
        var hub = new HubOptions { Offline = true, CacheDirectory = _cache.Root };

        var run = await Run(hub, showProgress: false, "detect", files.Image, "--model", RepoId);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--model DIR", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wait_for_the_hub_is_shown_on_the_status_line()
    {
        var endpoint = FakeHubServer.RefusingEndpoint();
        var hub = new HubOptions { Endpoint = endpoint, CacheDirectory = _cache.Root };

        var run = await Run(hub, showProgress: true, "detect", files.Image, "--model", RepoId);

        Assert.Contains($"asking {endpoint} for {RepoId} (HF_HUB_OFFLINE=1 uses the cache only)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Retries_of_a_failing_hub_appear_on_stderr_as_they_happen()
    {
        await using var server = new FakeHubServer(FakeHubRepo.FlorenceShaped(RepoId)) { Fault = (_, _) => new FakeHubFault(Status: 503) };
        var hub = _cache.Options(server, maxRetries: 2);

        var run = await Run(hub, showProgress: false, "detect", files.Image, "--model", RepoId);

        Assert.Equal(1, run.ExitCode);
        var retries = run.Stderr.Split(Environment.NewLine).Where(l => l.StartsWith("hub: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("attempt 1 failed", retries[0], StringComparison.Ordinal);
        Assert.Contains("attempt 2 failed", retries[1], StringComparison.Ordinal);
        Assert.Contains("HF_HUB_OFFLINE=1", run.Stderr, StringComparison.Ordinal);
    }
}
