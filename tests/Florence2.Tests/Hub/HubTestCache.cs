namespace Florence2.Tests.Hub;

/// <summary>A fresh cache folder per test, with helpers to inspect what landed in it.</summary>
internal sealed class HubTestCache : IDisposable
{
    public HubTestCache()
    {
        Root = Path.Combine(Path.GetTempPath(), "florence2-tests", "hub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string RepoFolder(string repoId) => Path.Combine(Root, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));

    /// <summary>Every file under blobs/ and snapshots/ of every repository, relative to the cache root.</summary>
    public IReadOnlyList<string> BlobAndSnapshotFiles() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p))
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}blobs{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || p.Contains($"{Path.DirectorySeparatorChar}snapshots{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();

    public HubOptions Options(FakeHubServer server, bool offline = false, string? token = null, int maxRetries = 4) => new()
    {
        Endpoint = server.Endpoint,
        CacheDirectory = Root,
        Offline = offline,
        Token = token,
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        LockPollInterval = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>The library's defaults (retry delays, time-outs, lock polling) on <paramref name="clock"/>.</summary>
    public HubOptions ClockedOptions(string endpoint, TimeProvider clock) => new()
    {
        Endpoint = endpoint,
        CacheDirectory = Root,
        TimeProvider = clock,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }
}
