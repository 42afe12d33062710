using System.Security.Cryptography;
using System.Text;

namespace Florence2.Tests.Hub;

/// <summary>
/// Connections that go quiet: a server that accepts and sends nothing, and one that stops in the middle of a body,
/// time out after <see cref="HubOptions.ReadTimeout"/> of a fake clock, and each time-out is a failed attempt.
/// </summary>
public sealed class HubTimeoutTests : IDisposable
{
    private const string RepoId = "test-org/quiet";
    private const string Weights = "onnx/model.onnx";
    private static readonly TimeSpan ReadTimeout = new HubOptions().ReadTimeout;
    private readonly HubTestCache _cache = new();
    private readonly HttpClient _client = new(HubDownloader.CreateHttpMessageHandler());
    private readonly FakeHubRepo _repo = new(RepoId);
    private readonly SteppingClock _clock = new(held: ReadTimeout);

    public HubTimeoutTests()
    {
        _repo.Files["config.json"] = Encoding.UTF8.GetBytes("{}");
        _repo.Files[Weights] = RandomNumberGenerator.GetBytes(1_000_000);
    }

    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public void The_read_timeout_is_ten_seconds_as_in_huggingface_hub_and_HF_HUB_DOWNLOAD_TIMEOUT_sets_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), ReadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), HubOptions.FromEnvironment(new Dictionary<string, string> { ["HF_HUB_DOWNLOAD_TIMEOUT"] = "2.5" }.GetValueOrDefault).ReadTimeout);
    }

    [Fact]
    public async Task A_hub_that_accepts_and_never_answers_times_out_and_each_time_out_is_a_failed_attempt()
    {
        await using var server = new FakeHubServer(_repo) { Fault = (_, _) => new FakeHubFault(StallBeforeHeaders: true) };
        var hub = new HubDownloader(_client, _cache.ClockedOptions(server.Endpoint, _clock));

        var download = hub.DownloadAsync(RepoId, [new HubFile("config.json")]);
        var timeouts = await AdvancePastEachStall(server, download);

        var error = await Assert.ThrowsAsync<HubException>(() => download);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("10 s", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(HubOptions.ReadTimeout), error.Message, StringComparison.Ordinal);
        Assert.Equal(5, server.Requests.Count);
        Assert.Equal(5, timeouts);
        Assert.Equal(4, _clock.SteppedWaits.Count);
    }

    [Fact]
    public async Task A_body_that_stops_midway_times_out_and_the_download_resumes_where_it_stopped()
    {
        const int sentBeforeStall = 300_000;
        await using var server = new FakeHubServer(_repo)
        {
            Fault = (request, seen) => request.Host == "storage" && seen == 0 ? new FakeHubFault(StallAfterBytes: sentBeforeStall) : null,
        };
        var hub = new HubDownloader(_client, _cache.ClockedOptions(server.Endpoint, _clock));
        using var reachedStall = new SemaphoreSlim(0);
        var progress = new SyncProgress(p =>
        {
            if (p.File == Weights && p.BytesDone == sentBeforeStall)
            {
                reachedStall.Release();
            }
        });

        var download = hub.DownloadAsync(RepoId, [new HubFile(Weights)], progress: progress);
        Assert.True(await server.Stalls.WaitAsync(TimeSpan.FromSeconds(30)));
        // Every byte sent before the stall has been written; only then does the quiet time start to count.
        Assert.True(await reachedStall.WaitAsync(TimeSpan.FromSeconds(30)));
        _clock.Advance(ReadTimeout);
        var folder = await download.WaitAsync(TimeSpan.FromSeconds(30));

        var gets = server.StorageGets.ToArray();
        Assert.Equal(2, gets.Length);
        Assert.Equal($"bytes={sentBeforeStall}-", gets[1].Range);
        Assert.Equal(_repo.Files[Weights], await File.ReadAllBytesAsync(Path.Combine(folder, Weights)));
        Assert.Single(_clock.SteppedWaits);
    }

    /// <summary>Moves the clock past the read time-out each time the server stalls, until the download ends; returns how often.</summary>
    private async Task<int> AdvancePastEachStall(FakeHubServer server, Task download)
    {
        var count = 0;
        while (true)
        {
            var stalled = server.Stalls.WaitAsync(TimeSpan.FromSeconds(30));
            if (await Task.WhenAny(download, stalled) == download)
            {
                return count;
            }

            Assert.True(await stalled, "The download neither ended nor reached the stalling server within 30 s.");
            count++;
            _clock.Advance(ReadTimeout);
        }
    }

    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
