using System.Net;

namespace Florence2;

/// <summary>
/// Base type of the errors of <see cref="HubDownloader"/>: a repository, revision or file that could not be fetched
/// from the Hugging Face Hub or found in its cache. <see cref="RepoId"/>, <see cref="File"/> and
/// <see cref="StatusCode"/> say what failed; the derived types say why.
/// </summary>
public class HubException : Florence2Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> names what failed and what would fix it.</summary>
    public HubException(string message, string? repoId = null, string? file = null, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RepoId = repoId;
        File = file;
        StatusCode = statusCode;
    }

    /// <summary>The repository (<c>org/name</c>), when the failure concerns one.</summary>
    public string? RepoId { get; }

    /// <summary>The file's path inside the repository, when the failure concerns one file.</summary>
    public string? File { get; }

    /// <summary>The HTTP status the Hub answered with, when there was an answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Whether trying again later may succeed (a 5xx or 429 answer); drives the downloader's retries.</summary>
    internal bool IsTransient => StatusCode is HttpStatusCode.TooManyRequests || (int?)StatusCode >= 500;
}
