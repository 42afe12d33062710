namespace Florence2.Hub;

/// <summary>
/// Tells a local model folder from a Hub repository id for <c>Florence2Model.LoadAsync</c>. Thread-safe.
/// </summary>
internal static class LocalModelFolder
{
    /// <summary>
    /// Whether <paramref name="path"/> names an existing folder as a shell would resolve it: every part before a
    /// <c>..</c> must exist. <see cref="Directory.Exists"/> alone collapses <c>org/..</c> to the current folder
    /// without looking for <c>org</c>, which would load whatever the current folder holds instead of refusing the id.
    /// </summary>
    public static bool Exists(string path)
    {
        if (!Directory.Exists(path))
        {
            return false;
        }

        var parts = path.Split(Path.DirectorySeparatorChar == '/' ? ['/'] : ['/', Path.DirectorySeparatorChar]);
        for (var i = 1; i < parts.Length; i++)
        {
            // An empty part before is the root of a rooted path, which exists.
            if (parts[i] == ".." && string.Join('/', parts[..i]) is { Length: > 0 } before && !Directory.Exists(before))
            {
                return false;
            }
        }

        return true;
    }
}
