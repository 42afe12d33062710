namespace Florence2;

/// <summary>
/// Offline mode (<see cref="HubOptions.Offline"/>, <c>HF_HUB_OFFLINE=1</c>) and the cache lacks something needed:
/// the revision's ref or a file. <see cref="CachePath"/> is where it was looked for. Download once with network access,
/// or copy a cache (or a model folder) that holds it.
/// </summary>
public sealed class HubOfflineException : HubException
{
    /// <summary>Creates the exception for the missing ref or file.</summary>
    public HubOfflineException(string message, string repoId, string? file, string cachePath)
        : base(message, repoId, file)
    {
        CachePath = cachePath;
    }

    /// <summary>Full path of the cache entry that is missing (a snapshot file or a ref).</summary>
    public string CachePath { get; }
}
