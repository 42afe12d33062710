namespace Florence2.Hub;

/// <summary>
/// Paths of one repository in the Hub cache, exactly as <c>huggingface_hub</c> lays them out:
/// <c>models--{org}--{name}/blobs/{etag}</c>, <c>snapshots/{commit}/{path}</c> (relative links to the blobs),
/// <c>refs/{revision}</c> (a commit hash) and <c>.locks/models--{org}--{name}/{etag}.lock</c> at the cache root.
/// Every name given here has been validated by <see cref="HubNames"/>.
/// </summary>
internal sealed class HubCacheLayout
{
    public HubCacheLayout(string cacheDirectory, string repoId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        Root = Path.GetFullPath(cacheDirectory);
        FolderName = "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);
        RepoFolder = Path.Combine(Root, FolderName);
    }

    /// <summary>The cache root (<see cref="HubOptions.CacheDirectory"/>, made absolute).</summary>
    public string Root { get; }

    public string FolderName { get; }

    public string RepoFolder { get; }

    public string BlobPath(string etag) => Path.Combine(RepoFolder, "blobs", etag);

    public string SnapshotFolder(string commit) => Path.Combine(RepoFolder, "snapshots", commit);

    public string PointerPath(string commit, string relativePath) => Inside(SnapshotFolder(commit), relativePath);

    public string RefPath(string revision) => Inside(Path.Combine(RepoFolder, "refs"), revision);

    public string LockPath(string etag) => Path.Combine(Root, ".locks", FolderName, etag + ".lock");

    /// <summary>The commit <c>refs/{revision}</c> holds, or null when there is no usable ref.</summary>
    public string? TryReadRef(string revision)
    {
        var path = RefPath(revision);
        if (!File.Exists(path))
        {
            return null;
        }

        var commit = File.ReadAllText(path).Trim();
        return HubNames.IsCommitHash(commit) ? commit : null;
    }

    /// <summary>Points <c>refs/{revision}</c> at <paramref name="commit"/>; a temporary file and a rename keep readers from seeing half a hash.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (TryReadRef(revision) == commit)
        {
            return;
        }

        var path = RefPath(revision);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, commit);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Whether a snapshot entry exists and, when it is a link, leads to an existing blob.</summary>
    public static bool IsUsable(string pointerPath)
    {
        var info = new FileInfo(pointerPath);
        if (!info.Exists)
        {
            return false;
        }

        return info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
    }

    /// <summary>
    /// Makes <paramref name="pointerPath"/> a relative symbolic link to <paramref name="blobPath"/> (as Python does, so a
    /// moved cache keeps working), or a copy where links cannot be made. Built under a temporary name and renamed into
    /// place, so a reader never sees a half-made entry.
    /// </summary>
    public static void LinkPointer(string blobPath, string pointerPath)
    {
        var folder = Path.GetDirectoryName(pointerPath)!;
        Directory.CreateDirectory(folder);
        var temporary = pointerPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.CreateSymbolicLink(temporary, Path.GetRelativePath(folder, blobPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Windows without developer mode cannot make links; huggingface_hub copies there too.
            File.Delete(temporary);
            File.Copy(blobPath, temporary);
        }

        File.Move(temporary, pointerPath, overwrite: true);
    }

    /// <summary>Joins a validated relative path and checks, as a second guard, that the result stays under <paramref name="folder"/>.</summary>
    private static string Inside(string folder, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine([folder, .. relativePath.Split('/')]));
        var prefix = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new HubInvalidNameException($"Refused '{relativePath}': it would leave the cache folder '{folder}'.", relativePath);
        }

        return full;
    }
}
