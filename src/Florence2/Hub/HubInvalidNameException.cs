namespace Florence2;

/// <summary>
/// A repository id, revision, file path, ETag or commit hash is not safe to use: it could leave the cache folder
/// (<c>..</c>, a rooted path, a backslash) or holds characters a Hub name cannot have. Raised for names a caller passes
/// and for names a server sends, before anything is written.
/// </summary>
public sealed class HubInvalidNameException : HubException
{
    /// <summary>Creates the exception for the refused name.</summary>
    public HubInvalidNameException(string message, string name, string? repoId = null, string? file = null)
        : base(message, repoId, file)
    {
        Name = name;
    }

    /// <summary>The name that was refused.</summary>
    public string Name { get; }
}
