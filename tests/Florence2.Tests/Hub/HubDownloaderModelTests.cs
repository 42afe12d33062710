using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Florence2.Tests.Hub;

/// <summary>A whole Florence-2 model through the fake Hub: the cache layout, loading, caching, offline use and concurrent downloads.</summary>
public sealed class HubDownloaderModelTests : IClassFixture<TinyHubModelFixture>, IDisposable
{
    private const string RepoId = "test-org/tiny-florence";
    private readonly TinyHubModelFixture _model;
    private readonly HubTestCache _cache = new();
    private readonly HttpClient _client = new(HubDownloader.CreateHttpMessageHandler());

    public HubDownloaderModelTests(TinyHubModelFixture model) => _model = model;

    public void Dispose()
    {
        _client.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public async Task Full_download_lands_in_the_hub_layout_and_the_model_loads()
    {
        var repo = _model.Repo(RepoId);
        repo.RequiredToken = "secret-token";
        await using var server = new FakeHubServer(repo);
        var hub = new HubDownloader(_client, _cache.Options(server, token: "secret-token"));
        var reports = new ConcurrentQueue<DownloadProgress>();

        var folder = await hub.DownloadModelAsync(RepoId, progress: new SyncProgress(reports.Enqueue));

        var repoFolder = _cache.RepoFolder(RepoId);
        Assert.Equal(Path.Combine(repoFolder, "snapshots", repo.Commit), folder);
        Assert.Equal(repo.Commit, File.ReadAllText(Path.Combine(repoFolder, "refs", "main")));
        foreach (var (path, content) in repo.Files)
        {
            var pointer = Path.Combine(folder, path);
            var link = new FileInfo(pointer).LinkTarget;
            Assert.NotNull(link);
            Assert.StartsWith("../", link.Replace('\\', '/'), StringComparison.Ordinal);
            var etag = FakeHubRepo.IsLfs(path) ? FakeHubRepo.Sha256(content) : FakeHubRepo.GitLikeId(content);
            Assert.Equal(Path.Combine(repoFolder, "blobs", etag), new FileInfo(pointer).ResolveLinkTarget(true)!.FullName);
            Assert.Equal(content, File.ReadAllBytes(pointer));
            Assert.Equal(content.Length, reports.Last(r => r.File == path).BytesDone);
        }

        Assert.DoesNotContain(_cache.BlobAndSnapshotFiles(), f => f.EndsWith(".incomplete", StringComparison.Ordinal));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_cache.Root, ".locks", "models--test-org--tiny-florence")).Any());
        Assert.All(server.Requests.Where(r => r.Host == "hub"), r => Assert.Equal("Bearer secret-token", r.Authorization));
        Assert.All(server.Requests.Where(r => r.Host == "storage"), r => Assert.Null(r.Authorization));
        Assert.Equal(4, server.StorageGets.Count());

        using (var model = Florence2Model.Load(folder))
        {
            Assert.NotNull(model);
        }

        // A second run finds everything cached: metadata requests only, no content.
        var before = server.Requests.Count;
        Assert.Equal(folder, await hub.DownloadModelAsync(RepoId));
        Assert.DoesNotContain(server.Requests.Skip(before), r => r.Method == "GET" && r.Path.Contains("/resolve/", StringComparison.Ordinal));
        Assert.Equal(4, server.StorageGets.Count());
    }

    [Fact]
    public async Task LoadAsync_takes_a_hub_id_or_a_folder()
    {
        await using var server = new FakeHubServer(_model.Repo(RepoId));
        var options = _cache.Options(server);

        using var byId = await Florence2Model.LoadAsync(RepoId, hub: options);
        var folder = await new HubDownloader(_client, options with { Offline = true }).DownloadModelAsync(RepoId);
        using var byFolder = await Florence2Model.LoadAsync(folder, hub: options with { Offline = true });

        var image = Support.TestImages.Input(64, 48);
        var settings = new GenerationOptions { NumBeams = 1, MaxNewTokens = 4 };
        Assert.Equal(byFolder.Generate(image, TaskTokens.Caption, options: settings).GeneratedTokenIds, byId.Generate(image, TaskTokens.Caption, options: settings).GeneratedTokenIds);
    }

    [Fact]
    public async Task AddFlorence2_with_a_model_id_downloads_through_the_injected_client()
    {
        await using var server = new FakeHubServer(_model.Repo(RepoId));
        var services = new ServiceCollection();
        services.AddSingleton(_client);
        services.AddFlorence2(o => o.ModelId = RepoId)
            .UseHub(_ => _cache.Options(server), sp => sp.GetRequiredService<HttpClient>())
            .LoadOnStartup();
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None); // what a host does when it starts: the download runs here
        }

        var model = provider.GetRequiredService<IFlorence2Model>();

        Assert.NotNull(model.Generate(Support.TestImages.Input(64, 48), TaskTokens.Caption, options: new GenerationOptions { NumBeams = 1, MaxNewTokens = 2 }));
        Assert.NotEmpty(server.StorageGets);
        Assert.True(Directory.Exists(Path.Combine(_cache.RepoFolder(RepoId), "snapshots")));
    }

    [Fact]
    public async Task Offline_mode_uses_the_cache_and_never_opens_a_connection()
    {
        await using var server = new FakeHubServer(_model.Repo(RepoId));
        var online = await new HubDownloader(_client, _cache.Options(server)).DownloadModelAsync(RepoId);
        var connections = server.Connections;

        var offline = new HubDownloader(_client, _cache.Options(server, offline: true));
        Assert.Equal(online, await offline.DownloadModelAsync(RepoId));
        Assert.Contains("onnx/decoder_model_merged.onnx", await offline.ListFilesAsync(RepoId));

        var missing = await Assert.ThrowsAsync<HubOfflineException>(() => offline.DownloadModelAsync(RepoId, new ModelVariants { Decoder = ModelVariant.Fp16 }));
        Assert.Equal("onnx/decoder_model_merged_fp16.onnx", missing.File);
        var notCached = await Assert.ThrowsAsync<HubOfflineException>(() => offline.DownloadAsync("other-org/other-model", [new HubFile("config.json")]));
        Assert.Contains(_cache.Root, notCached.Message, StringComparison.Ordinal);
        Assert.StartsWith(_cache.Root, notCached.CachePath, StringComparison.Ordinal);
        File.Delete(Path.Combine(online, "config.json"));
        var deleted = await Assert.ThrowsAsync<HubOfflineException>(() => offline.DownloadModelAsync(RepoId));
        Assert.Equal("config.json", deleted.File);
        Assert.Equal(Path.Combine(online, "config.json"), deleted.CachePath);
        Assert.Contains(Path.Combine(online, "config.json"), deleted.Message, StringComparison.Ordinal);

        Assert.Equal(connections, server.Connections);
    }

    [Fact]
    public async Task Two_processes_and_two_threads_downloading_one_model_produce_one_correct_copy()
    {
        var repo = _model.Repo(RepoId);
        await using var server = new FakeHubServer(repo) { ChunkDelay = TimeSpan.FromMilliseconds(4) };
        using var child = StartupHook.Start(server.Endpoint, _cache.Root, RepoId);
        var childOutput = child.StandardOutput.ReadToEndAsync();
        var childErrors = child.StandardError.ReadToEndAsync();
        var threads = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => new HubDownloader(_client, _cache.Options(server)).DownloadModelAsync(RepoId)))
            .ToArray();

        var folders = await Task.WhenAll(threads);
        await child.WaitForExitAsync();
        Assert.True(child.ExitCode == 0, await childErrors);
        Assert.Equal(folders[0], (await childOutput).Trim());
        Assert.Equal(folders[0], folders[1]);

        // Each LFS blob crossed the wire once: the others waited on its lock and found it done.
        Assert.All(server.StorageGets.GroupBy(r => r.Path), g => Assert.Single(g));
        Assert.Equal(4, server.StorageGets.Count());
        Assert.DoesNotContain(_cache.BlobAndSnapshotFiles(), f => f.EndsWith(".incomplete", StringComparison.Ordinal));
        foreach (var (path, content) in repo.Files)
        {
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(folders[0], path)));
        }

        Assert.Equal(repo.Files.Count, Directory.EnumerateFiles(Path.Combine(_cache.RepoFolder(RepoId), "blobs")).Count());
    }

    [Fact]
    public async Task A_process_waits_for_the_lock_another_process_holds_on_a_blob()
    {
        var repo = _model.Repo(RepoId);
        await using var server = new FakeHubServer(repo);
        var locks = new List<IDisposable>();
        foreach (var content in repo.Files.Where(f => FakeHubRepo.IsLfs(f.Key)).Select(f => f.Value))
        {
            var path = Path.Combine(_cache.Root, ".locks", "models--test-org--tiny-florence", FakeHubRepo.Sha256(content) + ".lock");
            locks.Add(await Florence2.Hub.CacheFileLock.AcquireAsync(path, TimeSpan.FromMilliseconds(10), TimeProvider.System, CancellationToken.None));
        }

        using var child = StartupHook.Start(server.Endpoint, _cache.Root, RepoId);
        var childErrors = child.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(child.HasExited);
        Assert.Empty(server.StorageGets);

        locks.ForEach(l => l.Dispose());
        await child.WaitForExitAsync();
        Assert.True(child.ExitCode == 0, await childErrors);
        Assert.Equal(4, server.StorageGets.Count());
    }

    [Fact]
    public async Task A_variant_the_repository_lacks_is_refused_naming_the_variants_it_has()
    {
        var repo = _model.Repo(RepoId);
        repo.Files["onnx/vision_encoder_fp16.onnx"] = repo.Files["onnx/vision_encoder.onnx"];
        await using var server = new FakeHubServer(repo);
        var hub = new HubDownloader(_client, _cache.Options(server));

        var error = await Assert.ThrowsAsync<HubVariantNotFoundException>(() =>
            hub.DownloadModelAsync(RepoId, new ModelVariants { VisionEncoder = ModelVariant.Q4 }));

        Assert.Equal(ModelModule.VisionEncoder, error.Module);
        Assert.Equal([ModelVariant.Fp32, ModelVariant.Fp16], error.AvailableVariants);
        Assert.Contains("Fp32, Fp16", error.Message, StringComparison.Ordinal);
        Assert.Equal("onnx/vision_encoder_q4.onnx", error.File);
        Assert.Empty(server.StorageGets);
        Assert.Empty(_cache.BlobAndSnapshotFiles());
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, so its last report may come late).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
