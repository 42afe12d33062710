using System.Net;

namespace Florence2;

/// <summary>The Hub has no such repository, revision or file (HTTP 404), or the repository lacks a requested variant.</summary>
public class HubNotFoundException : HubException
{
    /// <summary>Creates the exception; <paramref name="message"/> names what is missing.</summary>
    public HubNotFoundException(string message, string? repoId = null, string? file = null, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, repoId, file, statusCode, innerException) { }
}
