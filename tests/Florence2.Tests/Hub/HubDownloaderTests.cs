using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Florence2.Tests.Hub;

/// <summary>Resume, retries, typed errors and name checks against the fake Hub, with a small synthetic repository.</summary>
public sealed class HubDownloaderTests : IDisposable
{
    private const string RepoId = "test-org/small";
    private const string Weights = "onnx/model.onnx";
    private readonly HubTestCache _cache = new();
    private readonly HttpClient _client = new(HubDownloader.CreateHttpMessageHandler());
    private readonly FakeHubRepo _repo = new(RepoId);
    private readonly HubFile[] _files = [new("config.json"), new(Weights), new("tokenizer.json"), new("generation_config.json", Required: false)];

    public HubDownloaderTests()
    {
        _repo.Files["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\":\"florence2\"}");
        _repo.Files["tokenizer.json"] = Encoding.UTF8.GetBytes("{\"version\":\"1.0\"}");
        _repo.Files[Weights] = RandomNumberGenerator.GetBytes(1_000_000);
    }

    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    private string WeightsSha => FakeHubRepo.Sha256(_repo.Files[Weights]);

    private HubDownloader Hub(FakeHubServer server, int maxRetries = 4) => new(_client, _cache.Options(server, maxRetries: maxRetries));

    [Fact]
    public async Task A_partial_file_left_by_an_earlier_run_is_resumed_with_a_range_request()
    {
        await using var server = new FakeHubServer(_repo);
        var blobs = Path.Combine(_cache.RepoFolder(RepoId), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, WeightsSha + ".incomplete"), _repo.Files[Weights][..300_000]);

        var folder = await Hub(server).DownloadAsync(RepoId, _files);

        Assert.Equal("bytes=300000-", Assert.Single(server.StorageGets).Range);
        Assert.Equal(_repo.Files[Weights], await File.ReadAllBytesAsync(Path.Combine(folder, Weights)));
        Assert.DoesNotContain(_cache.BlobAndSnapshotFiles(), f => f.EndsWith(".incomplete", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(folder, "generation_config.json")));
    }

    [Fact]
    public async Task A_connection_reset_midway_resumes_from_where_it_stopped()
    {
        await using var server = new FakeHubServer(_repo)
        {
            Fault = (request, seen) => request.Host == "storage" && seen == 0 ? new FakeHubFault(CutAfterBytes: 400_000) : null,
        };

        var folder = await Hub(server).DownloadAsync(RepoId, _files);

        var gets = server.StorageGets.ToArray();
        Assert.Equal(2, gets.Length);
        Assert.Null(gets[0].Range);
        var resumedAt = long.Parse(gets[1].Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, 400_000);
        Assert.Equal(_repo.Files[Weights], await File.ReadAllBytesAsync(Path.Combine(folder, Weights)));
    }

    [Fact]
    public async Task A_500_is_retried_and_then_succeeds()
    {
        await using var server = new FakeHubServer(_repo)
        {
            Fault = (request, seen) => request.Path.EndsWith("/config.json", StringComparison.Ordinal) && seen == 0 ? new FakeHubFault(Status: 500) : null,
        };

        var folder = await Hub(server).DownloadAsync(RepoId, _files);

        Assert.Equal(2, server.Requests.Count(r => r.Method == "HEAD" && r.Path.EndsWith("/config.json", StringComparison.Ordinal)));
        Assert.Equal(_repo.Files["config.json"], await File.ReadAllBytesAsync(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public async Task A_lasting_500_ends_in_a_HubException_after_the_retries()
    {
        await using var server = new FakeHubServer(_repo) { Fault = (_, _) => new FakeHubFault(Status: 503) };

        var error = await Assert.ThrowsAsync<HubException>(() => Hub(server, maxRetries: 2).DownloadAsync(RepoId, _files));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
        Assert.Empty(_cache.BlobAndSnapshotFiles());
    }

    [Fact]
    public async Task A_gated_repository_without_a_token_is_an_authentication_error_and_not_retried()
    {
        _repo.RequiredToken = "needed";
        await using var server = new FakeHubServer(_repo);

        var error = await Assert.ThrowsAsync<HubAuthenticationException>(() => Hub(server).DownloadAsync(RepoId, _files));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(RepoId, error.RepoId);
        Assert.Contains("HF_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("licence", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_missing_required_file_is_not_found_and_a_missing_optional_file_is_skipped()
    {
        await using var server = new FakeHubServer(_repo);
        var hub = Hub(server);

        var error = await Assert.ThrowsAsync<HubNotFoundException>(() => hub.DownloadAsync(RepoId, [new HubFile("preprocessor_config.json")]));
        Assert.Equal("preprocessor_config.json", error.File);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Single(server.Requests);

        var folder = await hub.DownloadAsync(RepoId, [new HubFile("config.json"), new HubFile("merges.txt", Required: false)]);
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
        Assert.False(File.Exists(Path.Combine(folder, "merges.txt")));
        await Assert.ThrowsAsync<HubNotFoundException>(() => hub.DownloadAsync("test-org/absent", _files));
        await Assert.ThrowsAsync<HubNotFoundException>(() => hub.DownloadAsync(RepoId, _files, revision: "no-such-branch"));
    }

    [Fact]
    public async Task A_body_that_does_not_match_its_sha256_is_an_integrity_error_and_leaves_nothing()
    {
        await using var server = new FakeHubServer(_repo)
        {
            Fault = (request, _) => request.Host == "storage" ? new FakeHubFault(CorruptBody: true) : null,
        };

        var error = await Assert.ThrowsAsync<HubIntegrityException>(() => Hub(server).DownloadAsync(RepoId, [new HubFile(Weights)]));

        Assert.Equal(WeightsSha, error.ExpectedSha256);
        Assert.Equal(Weights, error.File);
        Assert.Single(server.StorageGets);
        Assert.Empty(_cache.BlobAndSnapshotFiles());
    }

    [Fact]
    public async Task A_revision_pinned_to_a_commit_writes_no_ref_and_a_cached_commit_needs_no_connection()
    {
        await using var server = new FakeHubServer(_repo);
        var hub = Hub(server);

        var folder = await hub.DownloadAsync(RepoId, _files, revision: _repo.Commit);
        Assert.EndsWith(_repo.Commit, folder, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cache.RepoFolder(RepoId), "refs")));

        var connections = server.Connections;
        Assert.Equal(folder, await hub.DownloadAsync(RepoId, [new HubFile("config.json"), new HubFile(Weights)], revision: _repo.Commit));
        Assert.Equal(connections, server.Connections);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("onnx/../../evil")]
    [InlineData("/etc/passwd")]
    [InlineData("onnx\\model.onnx")]
    [InlineData("C:evil")]
    [InlineData("a//b")]
    [InlineData("./config.json")]
    [InlineData("bad\u0001name")]
    [InlineData("")]
    public async Task Unsafe_file_names_are_refused_before_any_request(string path)
    {
        await using var server = new FakeHubServer(_repo);

        await Assert.ThrowsAsync<HubInvalidNameException>(() => Hub(server).DownloadAsync(RepoId, [new HubFile(path)]));

        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [InlineData("no-slash", "main")]
    [InlineData("a/b/c", "main")]
    [InlineData("../x", "main")]
    [InlineData("org/na me", "main")]
    [InlineData("org/name", "../main")]
    [InlineData("org/name", "refs//x")]
    [InlineData("org/name", "a\\b")]
    public async Task Unsafe_repository_ids_and_revisions_are_refused(string repoId, string revision)
    {
        await using var server = new FakeHubServer(_repo);

        await Assert.ThrowsAsync<HubInvalidNameException>(() => Hub(server).DownloadAsync(repoId, _files, revision));

        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task A_client_that_follows_redirects_itself_is_reported_clearly()
    {
        await using var server = new FakeHubServer(_repo);
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<HubException>(() => new HubDownloader(client, _cache.Options(server)).DownloadAsync(RepoId, [new HubFile(Weights)]));

        Assert.Contains(nameof(HubDownloader.CreateHttpMessageHandler), error.Message, StringComparison.Ordinal);
        Assert.Empty(_cache.BlobAndSnapshotFiles());
    }

    [Fact]
    public async Task Progress_counts_the_bytes_of_each_file()
    {
        await using var server = new FakeHubServer(_repo);
        var reports = new List<DownloadProgress>();

        await Hub(server).DownloadAsync(RepoId, _files, progress: new SyncProgress(reports.Add));

        var weights = reports.Where(r => r.File == Weights).ToArray();
        Assert.True(weights.Length > 2);
        Assert.All(weights, r => Assert.Equal(1_000_000, r.BytesTotal));
        Assert.Equal(1_000_000, weights[^1].BytesDone);
        Assert.Equal(weights.Select(r => r.BytesDone).Order(), weights.Select(r => r.BytesDone));
    }

    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
