namespace Florence2;

/// <summary>
/// A downloaded file does not match what the Hub announced: its SHA-256 differs from the one in its ETag, or the
/// server sent (or announced for the body) more bytes than the file's announced size. The partial file is deleted;
/// nothing is kept in the cache, and the failure is not retried. A repeated failure points at a proxy or mirror
/// (<c>HF_ENDPOINT</c>) that alters files.
/// </summary>
public sealed class HubIntegrityException : HubException
{
    /// <summary>Creates the exception for a file whose content hashed to another SHA-256.</summary>
    public HubIntegrityException(string message, string repoId, string file, string expectedSha256, string actualSha256)
        : base(message, repoId, file)
    {
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>Creates the exception for a file whose body is longer than its announced size.</summary>
    public HubIntegrityException(string message, string repoId, string file, long expectedSize, long actualSize)
        : base(message, repoId, file)
    {
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
    }

    /// <summary>The SHA-256 the Hub announced (lower-case hex); null when the size check failed.</summary>
    public string? ExpectedSha256 { get; }

    /// <summary>The SHA-256 of the bytes received (lower-case hex); null when the size check failed.</summary>
    public string? ActualSha256 { get; }

    /// <summary>The size the Hub announced for the file, in bytes; null when the hash check failed.</summary>
    public long? ExpectedSize { get; }

    /// <summary>
    /// The size the server's answer claimed for the file (its <c>Content-Range</c> or <c>Content-Length</c>), or, for a
    /// body that ran past the announced size, the bytes counted when the download stopped (so at least
    /// <see cref="ExpectedSize"/> + 1); null when the hash check failed.
    /// </summary>
    public long? ActualSize { get; }
}
