namespace Florence2.Hub;

/// <summary>
/// A body that broke off or stalled. Never leaves the library: the retry loop resumes the download, or wraps it in a
/// <see cref="HubException"/> when the retries run out.
/// </summary>
internal sealed class TransientTransferException : Exception
{
    public TransientTransferException(string message, Exception? innerException = null) : base(message, innerException) { }
}
