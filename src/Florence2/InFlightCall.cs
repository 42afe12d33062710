namespace Florence2;

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
    /// The exception to throw instead of <paramref name="cancelled"/>, or null to rethrow it: an
    /// <see cref="ObjectDisposedException"/> when the model was disposed during the call and the caller did not cancel;
    /// a cancellation that carries the caller's own token when the caller did (the run saw the linked token).
    /// </summary>
    public Exception? Replacement(OperationCanceledException cancelled, object owner, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested)
        {
            return cancelled.CancellationToken == callerToken ? null : new OperationCanceledException(cancelled.Message, cancelled, callerToken);
        }

        return _gate.IsClosing
            ? new ObjectDisposedException($"{owner.GetType().FullName} was disposed while the call was running; the call was stopped.", cancelled)
            : null;
    }

    public void Dispose()
    {
        _linked.Dispose();
        _gate.Exit();
    }
}
