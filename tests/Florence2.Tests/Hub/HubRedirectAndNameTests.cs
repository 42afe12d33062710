namespace Florence2.Tests.Hub;

/// <summary>
/// Redirects to addresses that are not http(s), repository ids and paths built to walk out of a folder, and odd names
/// in a repository's file list: refused as Hub errors where they would be used, ignored where they are not.
/// </summary>
public sealed class HubRedirectAndNameTests : IDisposable
{
    private const string RepoId = "test-org/names";
    private readonly HubTestCache _cache = new();
    private readonly HttpClient _client = new(HubDownloader.CreateHttpMessageHandler());
    private readonly FakeHubRepo _repo = FakeHubRepo.FlorenceShaped(RepoId);

    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    [Theory]
    [InlineData("hub", "file:///etc/passwd")]
    [InlineData("storage", "file:///etc/passwd")]
    [InlineData("hub", "ftp://127.0.0.1/config.json")]
    public async Task A_redirect_to_an_address_that_is_not_http_is_refused_as_a_hub_error(string host, string location)
    {
        await using var server = new FakeHubServer(_repo)
        {
            Fault = (request, _) => request.Method == "GET" && request.Host == host ? new FakeHubFault(Status: 302, Location: location) : null,
        };
        var file = host == "hub" ? "config.json" : "onnx/encoder_model.onnx";

        var error = await Assert.ThrowsAsync<HubException>(() => new HubDownloader(_client, _cache.Options(server)).DownloadAsync(RepoId, [new HubFile(file)]));

        Assert.Contains(location, error.Message, StringComparison.Ordinal);
        Assert.Contains("http", error.Message, StringComparison.Ordinal);
        Assert.Equal(file, error.File);
        Assert.Empty(_cache.BlobAndSnapshotFiles());
    }

    [Fact]
    public async Task Listed_files_with_odd_names_that_the_model_does_not_need_do_not_stop_its_download()
    {
        _repo.ExtraSiblings.AddRange(["../evil", "a//b", "weird:name?.txt", "/etc/passwd", "sub\\dir.txt"]);
        await using var server = new FakeHubServer(_repo);
        var hub = new HubDownloader(_client, _cache.Options(server));

        var folder = await hub.DownloadModelAsync(RepoId);

        Assert.True(File.Exists(Path.Combine(folder, "onnx", "decoder_model_merged.onnx")));
        Assert.Contains("../evil", await hub.ListFilesAsync(RepoId));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_cache.Root)!, "evil")));
        Assert.DoesNotContain(server.Requests, r => r.Path.Contains("evil", StringComparison.Ordinal) || r.Path.Contains("weird", StringComparison.Ordinal));
        // What is downloaded is still checked.
        await Assert.ThrowsAsync<HubInvalidNameException>(() => hub.DownloadAsync(RepoId, [new HubFile("../evil")]));
    }

    [Theory]
    [InlineData("org/..")]
    [InlineData("org/.")]
    [InlineData("onnx-community/..")]
    public async Task A_repo_id_with_a_dot_part_is_refused_and_not_taken_for_the_current_folder(string repoId)
    {
        await using var server = new FakeHubServer(_repo);

        var error = await Assert.ThrowsAsync<HubInvalidNameException>(() => Florence2Model.LoadAsync(repoId, hub: _cache.Options(server)));

        Assert.Equal(repoId, error.Name);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public void A_folder_path_through_an_existing_folder_and_dot_dot_still_counts_as_a_folder()
    {
        // "x/../model" is a folder when x exists, as in a shell; only a missing x makes it a (refused) id.
        var root = Path.Combine(_cache.Root, "work");
        Directory.CreateDirectory(Path.Combine(root, "x"));
        Directory.CreateDirectory(Path.Combine(root, "model"));
        Assert.True(Florence2.Hub.LocalModelFolder.Exists(Path.Combine(root, "x", "..", "model")));
        Assert.False(Florence2.Hub.LocalModelFolder.Exists(Path.Combine(root, "missing", "..", "model")));
        Assert.False(Florence2.Hub.LocalModelFolder.Exists(Path.Combine(root, "nothing-here")));
    }

    [Theory]
    [InlineData("org/..", "main")]
    [InlineData("org/.", "main")]
    [InlineData("./name", "main")]
    [InlineData("org/%2e%2e", "main")]
    [InlineData("%2e%2e/name", "main")]
    [InlineData("org\\name", "main")]
    [InlineData("/org/name", "main")]
    [InlineData("org/name/", "main")]
    [InlineData("org//name", "main")]
    [InlineData("", "main")]
    [InlineData(" org/name", "main")]
    [InlineData("org/name\u0000", "main")]
    [InlineData("org/name", ".")]
    [InlineData("org/name", "..")]
    [InlineData("org/name", "a/../b")]
    [InlineData("org/name", "%2e%2e")]
    [InlineData("org/name", "/main")]
    [InlineData("org/name", "main/")]
    [InlineData("org/name", "")]
    [InlineData("org/name", "main\n")]
    public async Task Path_tricks_in_repository_ids_and_revisions_are_refused_before_any_request(string repoId, string revision)
    {
        await using var server = new FakeHubServer(_repo);
        var hub = new HubDownloader(_client, _cache.Options(server));

        await Assert.ThrowsAsync<HubInvalidNameException>(() => hub.DownloadAsync(repoId, [new HubFile("config.json")], revision));
        await Assert.ThrowsAsync<HubInvalidNameException>(() => hub.ListFilesAsync(repoId, revision));

        Assert.Equal(0, server.Connections);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache.Root));
    }

    [Theory]
    [InlineData("onnx/%2e%2e/evil")]
    [InlineData("%2E%2E/evil")]
    [InlineData("onnx%2fmodel.onnx")]
    [InlineData("onnx%5cmodel.onnx")]
    [InlineData("onnx/./model.onnx")]
    [InlineData("onnx/")]
    [InlineData("CON")]
    [InlineData("onnx/nul.txt")]
    [InlineData("lpt1")]
    [InlineData("trailing ")]
    public async Task Path_tricks_in_file_names_are_refused_before_any_request(string path)
    {
        await using var server = new FakeHubServer(_repo);

        await Assert.ThrowsAsync<HubInvalidNameException>(() => new HubDownloader(_client, _cache.Options(server)).DownloadAsync(RepoId, [new HubFile(path)]));

        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public void Ordinary_names_with_dots_percent_signs_and_device_like_words_pass()
    {
        Florence2.Hub.HubNames.ValidateRepoId("org.name/model.v1_base-ft");
        Florence2.Hub.HubNames.ValidateRevision("refs/pr/1");
        Florence2.Hub.HubNames.ValidateRelativePath("onnx/model.onnx_data", null);
        Florence2.Hub.HubNames.ValidateRelativePath("100%.txt", null);
        Florence2.Hub.HubNames.ValidateRelativePath("console.json", null);
        Florence2.Hub.HubNames.ValidateRelativePath(".gitattributes", null);
    }
}
