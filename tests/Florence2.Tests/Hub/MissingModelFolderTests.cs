namespace Florence2.Tests.Hub;

/// <summary>
/// A model argument that reads as a folder path but names no folder fails at once, saying that the folder does not
/// exist, instead of being sent to the Hub as a repository id (issue 16: 16 s of retries, then "check the network").
/// </summary>
public sealed class MissingModelFolderTests : IDisposable
{
    private readonly HubTestCache _cache = new();
    private readonly FakeHubRepo _repo = FakeHubRepo.FlorenceShaped("test-org/model");

    public void Dispose() => _cache.Dispose();

    [Theory]
    [InlineData("./no-such-model", "starts with './'")]
    [InlineData("../no-such-model", "starts with '../'")]
    [InlineData("~/no-such-model", "starts with '~'")]
    [InlineData("models\\no-such-model", "holds a backslash")]
    [InlineData("models/onnx/no-such-model", "more than one '/'")]
    public async Task A_missing_path_fails_before_any_request_saying_the_folder_does_not_exist_and_is_no_hub_id(string path, string reason)
    {
        await using var server = new FakeHubServer(_repo);

        var error = await Assert.ThrowsAsync<ModelFileMissingException>(() => Florence2Model.LoadAsync(path, hub: _cache.Options(server)));

        Assert.Contains($"The model folder '{path}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid Hub id", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(path), error.FilePath);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task A_missing_absolute_path_fails_before_any_request()
    {
        await using var server = new FakeHubServer(_repo);
        var path = Path.Combine(_cache.Root, "no-such-model");

        var error = await Assert.ThrowsAsync<ModelFileMissingException>(() => Florence2Model.LoadAsync(path, hub: _cache.Options(server)));

        Assert.Contains($"The model folder '{path}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("absolute path", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task An_id_shaped_path_under_an_existing_local_folder_is_a_missing_folder_not_a_hub_download()
    {
        // "models/Florence-2-base-ft" has the shape of a Hub id; the local "models" folder says the user meant a path.
        var local = "florence2-test-models-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(local);
        try
        {
            await using var server = new FakeHubServer(_repo);
            var path = local + "/Florence-2-base-ft";

            var error = await Assert.ThrowsAsync<ModelFileMissingException>(() => Florence2Model.LoadAsync(path, hub: _cache.Options(server)));

            Assert.Contains($"The model folder '{path}' does not exist", error.Message, StringComparison.Ordinal);
            Assert.Contains($"the folder '{local}' exists", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not a valid Hub id", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, server.Connections);
        }
        finally
        {
            Directory.Delete(local);
        }
    }

    [Fact]
    public async Task An_id_whose_first_part_is_no_local_folder_still_goes_to_the_hub()
    {
        await using var server = new FakeHubServer(_repo);

        await Assert.ThrowsAnyAsync<HubException>(() => Florence2Model.LoadAsync("test-org/not-there", hub: _cache.Options(server)));

        Assert.NotEqual(0, server.Connections);
    }
}
