using System.Security.Cryptography;
using System.Text;

namespace Florence2.Tests.Hub;

/// <summary>
/// Servers that send a few bytes and then fail, send more than they announced, or announce an absurd size: every
/// download ends after a bounded number of attempts, counted on a fake clock, whatever partial progress it made.
/// </summary>
public sealed class HubBoundedRetryTests : IDisposable
{
    private const string RepoId = "test-org/bounded";
    private const string Weights = "onnx/model.onnx";
    private const int WeightsSize = 1_000_000;
    private readonly HubTestCache _cache = new();
    private readonly HttpClient _client = new(HubDownloader.CreateHttpMessageHandler());
    private readonly FakeHubRepo _repo = new(RepoId);
    private readonly SteppingClock _clock = new(held: new HubOptions().ReadTimeout);

    public HubBoundedRetryTests()
    {
        _repo.Files["config.json"] = Encoding.UTF8.GetBytes("{}");
        _repo.Files[Weights] = RandomNumberGenerator.GetBytes(WeightsSize);
    }

    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    private HubDownloader Hub(FakeHubServer server, Func<HubOptions, HubOptions>? change = null) =>
        new(_client, (change ?? (o => o))(_cache.ClockedOptions(server.Endpoint, _clock)));

    private static FakeHubFault? OnStorage(FakeHubRequest request, FakeHubFault fault) => request.Host == "storage" ? fault : null;

    [Fact]
    public async Task A_server_that_ignores_range_and_cuts_every_answer_is_given_up_after_the_retries()
    {
        await using var server = new FakeHubServer(_repo) { Fault = (r, _) => OnStorage(r, new FakeHubFault(CutAfterBytes: 1000, IgnoreRange: true)) };

        var error = await Assert.ThrowsAsync<HubException>(() => Hub(server).DownloadAsync(RepoId, [new HubFile(Weights)]).WaitAsync(TimeSpan.FromSeconds(60)));

        // The first answer moves the download from 0 to 1000 bytes; the next five start over and get no further,
        // and the fifth failure without progress (MaxRetries 4) ends it.
        Assert.Equal(Weights, error.File);
        Assert.Equal(6, server.StorageGets.Count());
        Assert.Equal(5, _clock.SteppedWaits.Count);
        Assert.All(_cache.BlobAndSnapshotFiles(), f => Assert.EndsWith(".incomplete", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_honours_range_but_cuts_every_answer_is_given_up_after_MaxDownloadAttempts()
    {
        await using var server = new FakeHubServer(_repo) { Fault = (r, _) => OnStorage(r, new FakeHubFault(CutAfterBytes: 1000)) };

        var error = await Assert.ThrowsAsync<HubException>(() => Hub(server).DownloadAsync(RepoId, [new HubFile(Weights)]).WaitAsync(TimeSpan.FromSeconds(60)));

        // Each answer moves the download on by 1000 bytes: a thousand answers would finish it, twenty are allowed.
        var gets = server.StorageGets.ToArray();
        Assert.Equal(new HubOptions().MaxDownloadAttempts, gets.Length);
        Assert.Equal(20, gets.Length);
        Assert.Contains("20 attempts", error.Message, StringComparison.Ordinal);
        // A retry after progress waits the base delay again instead of doubling.
        Assert.Equal(19, _clock.SteppedWaits.Count);
        Assert.All(_clock.SteppedWaits, d => Assert.InRange(d.TotalSeconds, 1, 1.25));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_longer_than_announced_is_an_integrity_error_and_nothing_is_kept(bool omitContentLength)
    {
        await using var server = new FakeHubServer(_repo)
        {
            Fault = (r, _) => OnStorage(r, new FakeHubFault(ExtraBytes: 10, OmitContentLength: omitContentLength)),
        };

        var error = await Assert.ThrowsAsync<HubIntegrityException>(() => Hub(server).DownloadAsync(RepoId, [new HubFile(Weights)]).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(WeightsSize, error.ExpectedSize);
        Assert.True(error.ActualSize > WeightsSize, $"ActualSize {error.ActualSize}");
        Assert.Null(error.ActualSha256);
        Assert.Contains("1000000", error.Message, StringComparison.Ordinal);
        Assert.Single(server.StorageGets);
        Assert.Empty(_cache.BlobAndSnapshotFiles());
    }

    [Fact]
    public async Task An_absurd_announced_size_is_refused_before_anything_is_downloaded()
    {
        await using var server = new FakeHubServer(_repo) { Fault = (r, _) => r.Method == "HEAD" ? new FakeHubFault(AnnouncedSize: long.MaxValue) : null };

        var error = await Assert.ThrowsAsync<HubException>(() => Hub(server).DownloadAsync(RepoId, [new HubFile(Weights)]).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains(nameof(HubOptions.MaxFileSize), error.Message, StringComparison.Ordinal);
        Assert.Contains(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(server.StorageGets);
        Assert.Empty(_cache.BlobAndSnapshotFiles());
    }

    [Fact]
    public async Task A_size_beyond_the_free_space_of_the_cache_is_refused_before_anything_is_downloaded()
    {
        const long oneExbibyte = 1L << 60;
        await using var server = new FakeHubServer(_repo) { Fault = (r, _) => r.Method == "HEAD" ? new FakeHubFault(AnnouncedSize: oneExbibyte) : null };

        var error = await Assert.ThrowsAsync<HubException>(() =>
            Hub(server, o => o with { MaxFileSize = long.MaxValue }).DownloadAsync(RepoId, [new HubFile(Weights)]).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("free", error.Message, StringComparison.Ordinal);
        Assert.Contains(_cache.Root, error.Message, StringComparison.Ordinal);
        Assert.Empty(server.StorageGets);
    }
}
