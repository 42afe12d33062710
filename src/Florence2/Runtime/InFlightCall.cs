namespace Florence2.Runtime;

/// <summary>One call inside an <see cref="InFlightGate"/>; dispose it when the call leaves the model.</summary>
internal sealed class InFlightCall : IDisposable
{
    private readonly InFlightGate _gate;
    private readonly CancellationTokenSource _linked;

    internal InFlightCall(InFlightGate gate, CancellationTokenSource linked)
    {
        _gate = gate;
        _linked = linked;
    }

    /// <summary>Cancelled by the caller's token or when the model is disposed.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>
    /// The exception to throw for <paramref name="cancelled"/>: an <see cref="ObjectDisposedException"/> when the model was
    /// disposed during the call and the caller did not cancel, else the cancellation itself (null: rethrow it).
    /// </summary>
    public ObjectDisposedException? StoppedByDispose(OperationCanceledException cancelled, object owner, CancellationToken callerToken) =>
        _gate.IsClosing && !callerToken.IsCancellationRequested
            ? new ObjectDisposedException($"{owner.GetType().FullName} was disposed while the call was running; the call was stopped.", cancelled)
            : null;

    public void Dispose()
    {
        _linked.Dispose();
        _gate.Exit();
    }
}
