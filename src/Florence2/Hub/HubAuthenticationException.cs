using System.Net;

namespace Florence2;

/// <summary>
/// The Hub refused access (HTTP 401 or 403): the repository is gated or private (or does not exist, which the Hub
/// does not tell apart for anonymous callers). Set <c>HF_TOKEN</c> (or <see cref="HubOptions.Token"/>) to a token of an
/// account that accepted the model's licence on its Hub page.
/// </summary>
public sealed class HubAuthenticationException : HubException
{
    /// <summary>Creates the exception for the refused request.</summary>
    public HubAuthenticationException(string message, string? repoId, string? file, HttpStatusCode statusCode, Exception? innerException = null)
        : base(message, repoId, file, statusCode, innerException) { }
}
