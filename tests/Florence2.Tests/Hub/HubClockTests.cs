using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Florence2.Tests.Hub;

/// <summary>Retry delays and lock polling run on <see cref="HubOptions.TimeProvider"/>: a fake clock replaces every real wait.</summary>
public sealed class HubClockTests : IDisposable
{
    private const string RepoId = "test-org/clocked";
    private const string Weights = "onnx/model.onnx";
    private readonly HubTestCache _cache = new();
    private readonly HttpClient _client = new(HubDownloader.CreateHttpMessageHandler());
    private readonly FakeHubRepo _repo = new(RepoId);
    private readonly SteppingClock _clock = new(held: new HubOptions().ReadTimeout);

    public HubClockTests()
    {
        _repo.Files["config.json"] = Encoding.UTF8.GetBytes("{}");
        _repo.Files[Weights] = RandomNumberGenerator.GetBytes(200_000);
    }

    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public async Task A_lasting_503_is_retried_with_doubling_delays_taken_from_the_clock()
    {
        await using var server = new FakeHubServer(_repo) { Fault = (_, _) => new FakeHubFault(Status: 503) };
        var hub = new HubDownloader(_client, _cache.ClockedOptions(server.Endpoint, _clock));

        var error = await Assert.ThrowsAsync<HubException>(() => hub.DownloadAsync(RepoId, [new HubFile("config.json")]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(5, server.Requests.Count);
        // Base 1 s, doubled per retry, plus up to 25 % jitter.
        var delays = _clock.SteppedWaits.ToArray();
        Assert.Equal(4, delays.Length);
        for (var i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, Math.Pow(2, i), Math.Pow(2, i) * 1.25);
        }
    }

    [Fact]
    public async Task A_download_waiting_for_a_lock_another_holder_has_polls_on_the_clock()
    {
        await using var server = new FakeHubServer(_repo);
        var options = _cache.ClockedOptions(server.Endpoint, _clock);
        var lockPath = Path.Combine(_cache.Root, ".locks", "models--test-org--clocked", FakeHubRepo.Sha256(_repo.Files[Weights]) + ".lock");
        var held = await Florence2.Hub.CacheFileLock.AcquireAsync(lockPath, TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);

        var download = new HubDownloader(_client, options).DownloadAsync(RepoId, [new HubFile(Weights)]);
        while (_clock.SteppedWaits.Count < 5)
        {
            Assert.False(download.IsCompleted);
            await Task.Delay(10);
        }

        Assert.Empty(server.StorageGets);
        held.Dispose();
        var folder = await download.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(server.StorageGets);
        Assert.Equal(_repo.Files[Weights], await File.ReadAllBytesAsync(Path.Combine(folder, Weights)));
        Assert.All(_clock.SteppedWaits, wait => Assert.Equal(TimeSpan.FromMilliseconds(200), wait));
    }
}
