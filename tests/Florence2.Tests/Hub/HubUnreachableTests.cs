using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Florence2.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Florence2.Tests.Hub;

/// <summary>
/// A Hub that cannot be reached: with a complete cache the download falls back to the cached snapshot of the revision,
/// as <c>huggingface_hub</c> does, and says so in the log; a refused connection or a failed name lookup is not retried.
/// </summary>
public sealed class HubUnreachableTests : IDisposable
{
    private const string RepoId = "test-org/cached";
    private readonly HubTestCache _cache = new();
    private readonly HttpClient _client = new(HubDownloader.CreateHttpMessageHandler());
    private readonly FakeHubRepo _repo = FakeHubRepo.FlorenceShaped(RepoId);
    private readonly SteppingClock _clock = new(held: new HubOptions().ReadTimeout);
    private readonly CapturingLogger _log = new();

    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    private async Task<string> FillCache()
    {
        await using var server = new FakeHubServer(_repo);
        return await new HubDownloader(_client, _cache.Options(server)).DownloadModelAsync(RepoId);
    }

    [Fact]
    public async Task A_refused_connection_with_a_complete_cache_gives_the_cached_snapshot_at_once_and_logs_it()
    {
        var cached = await FillCache();
        var hub = new HubDownloader(_client, _cache.ClockedOptions(FakeHubServer.RefusingEndpoint(), _clock), _log);

        var folder = await hub.DownloadModelAsync(RepoId).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(cached, folder);
        Assert.Empty(_clock.SteppedWaits);
        var (level, message) = Assert.Single(_log.Messages);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains(RepoId, message, StringComparison.Ordinal);
        Assert.Contains(cached, message, StringComparison.Ordinal);
        Assert.Contains("main", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_falls_back_too_and_a_revision_missing_from_the_cache_is_still_an_error()
    {
        var cached = await FillCache();
        var hub = new HubDownloader(_client, _cache.ClockedOptions(FakeHubServer.RefusingEndpoint(), _clock), _log);

        Assert.Equal(cached, await hub.DownloadAsync(RepoId, [new HubFile("config.json"), new HubFile("merges.txt", Required: false)]));
        Assert.Equal(cached, await hub.DownloadAsync(RepoId, [new HubFile("config.json")], revision: _repo.Commit));

        // Not cached: the connection error, not a cached answer; still no retries.
        var notCached = await Assert.ThrowsAsync<HubException>(() => hub.DownloadAsync(RepoId, [new HubFile("config.json")], revision: "v2"));
        Assert.IsType<HttpRequestException>(notCached.InnerException);
        Assert.Contains("HF_HUB_OFFLINE", notCached.Message, StringComparison.Ordinal);
        var missingFile = await Assert.ThrowsAsync<HubException>(() => hub.DownloadAsync(RepoId, [new HubFile("not-cached.json")]));
        Assert.IsType<HttpRequestException>(missingFile.InnerException);
        Assert.Empty(_clock.SteppedWaits);
    }

    [Fact]
    public async Task A_hub_that_keeps_answering_503_also_falls_back_after_its_retries()
    {
        var cached = await FillCache();
        await using var server = new FakeHubServer(_repo) { Fault = (_, _) => new FakeHubFault(Status: 503) };
        var hub = new HubDownloader(_client, _cache.ClockedOptions(server.Endpoint, _clock), _log);

        Assert.Equal(cached, await hub.DownloadModelAsync(RepoId).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(5, server.Requests.Count);
        Assert.Equal(4, _clock.SteppedWaits.Count);
        Assert.Contains(_log.Messages, m => m.Level == LogLevel.Warning && m.Message.Contains("503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gated_answer_is_not_a_reason_to_fall_back()
    {
        await FillCache();
        _repo.RequiredToken = "needed";
        await using var server = new FakeHubServer(_repo);
        var hub = new HubDownloader(_client, _cache.ClockedOptions(server.Endpoint, _clock), _log);

        await Assert.ThrowsAsync<HubAuthenticationException>(() => hub.DownloadModelAsync(RepoId));
        Assert.Empty(_log.Messages);
    }

    [Fact]
    public void Name_lookup_failures_and_refused_connections_are_not_retried_but_resets_and_time_outs_are()
    {
        Assert.False(Florence2.Hub.HubRetry.IsTransient(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), CancellationToken.None));
        Assert.False(Florence2.Hub.HubRetry.IsTransient(
            new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)), CancellationToken.None));
        Assert.False(Florence2.Hub.HubRetry.IsTransient(new HttpRequestException(HttpRequestError.SecureConnectionError, "bad certificate"), CancellationToken.None));
        Assert.True(Florence2.Hub.HubRetry.IsTransient(
            new HttpRequestException(HttpRequestError.ConnectionError, "reset", new SocketException((int)SocketError.ConnectionReset)), CancellationToken.None));
        Assert.True(Florence2.Hub.HubRetry.IsTransient(new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), CancellationToken.None));
        Assert.True(Florence2.Hub.HubRetry.IsTransient(new TimeoutException(), CancellationToken.None));
        Assert.True(Florence2.Hub.HubRetry.IsTransient(new HubException("busy", statusCode: HttpStatusCode.TooManyRequests), CancellationToken.None));
    }
}
