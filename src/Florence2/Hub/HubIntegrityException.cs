namespace Florence2;

/// <summary>
/// A downloaded file's SHA-256 differs from the one the Hub announced in its ETag. The partial file is deleted; nothing
/// is kept in the cache. Retrying downloads it again; a repeated failure points at a proxy or mirror that alters files.
/// </summary>
public sealed class HubIntegrityException : HubException
{
    /// <summary>Creates the exception for the file whose content did not match.</summary>
    public HubIntegrityException(string message, string repoId, string file, string expectedSha256, string actualSha256)
        : base(message, repoId, file)
    {
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The SHA-256 the Hub announced (lower-case hex).</summary>
    public string ExpectedSha256 { get; }

    /// <summary>The SHA-256 of the bytes received (lower-case hex).</summary>
    public string ActualSha256 { get; }
}
