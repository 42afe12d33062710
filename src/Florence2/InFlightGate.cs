namespace Florence2;

/// <summary>
/// Counts the calls running inside a model so that disposing it is safe: closing refuses new calls, cancels the
/// running ones and waits until the last has left, and only then may the sessions be freed. Without it a call could
/// still be inside an ONNX Runtime session when its native memory is released.
/// </summary>
/// <remarks>Thread-safe. The count and the closed flag share one integer: the sign bit marks "closed".</remarks>
internal sealed class InFlightGate : IDisposable
{
    private const int ClosedBit = int.MinValue;

    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>Enters a call; the returned call's token is cancelled by the caller's token or by closing the gate.</summary>
    /// <exception cref="ObjectDisposedException">The gate is closed (the model is disposed).</exception>
    public InFlightCall Enter(object owner, CancellationToken cancellationToken)
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            ObjectDisposedException.ThrowIf(state < 0, owner);
            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                break;
            }
        }

        try
        {
            return new InFlightCall(this, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token));
        }
        catch
        {
            Exit();
            throw;
        }
    }

    /// <summary>
    /// Refuses new calls, cancels the running ones and returns a task that completes when all have left (at once
    /// when none is running). Call once.
    /// </summary>
    public Task CloseAsync()
    {
        int state;
        do
        {
            state = Volatile.Read(ref _state);
        }
        while (Interlocked.CompareExchange(ref _state, state | ClosedBit, state) != state);

        _closing.Cancel();
        if (state == 0)
        {
            _drained.TrySetResult();
        }

        return _drained.Task;
    }

    /// <summary>Frees the cancellation source; only after <see cref="CloseAsync"/> has completed.</summary>
    public void Dispose() => _closing.Dispose();

    /// <summary>Whether closing has started.</summary>
    internal bool IsClosing => Volatile.Read(ref _state) < 0;

    internal void Exit()
    {
        // The last call to leave a closed gate completes the drain.
        if (Interlocked.Decrement(ref _state) == ClosedBit)
        {
            _drained.TrySetResult();
        }
    }
}
