using System.Globalization;

namespace Florence2.Hub;

/// <summary>
/// The read time-out of one attempt (<see cref="HubOptions.ReadTimeout"/> on <see cref="HubOptions.TimeProvider"/>):
/// armed before a request is sent and before each read of a body, so it fires only when the server has been quiet
/// for the whole time-out. A fired deadline becomes a <see cref="TimeoutException"/>, which the retry loop counts as a
/// failed attempt. Not thread-safe: one attempt uses it at a time.
/// </summary>
internal sealed class ReadDeadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _timeout;

    public ReadDeadline(TimeSpan timeout, TimeProvider time, CancellationToken caller)
    {
        _timeout = timeout;
        _caller = caller;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
    }

    /// <summary>Starts the time-out afresh and returns the token to pass to the next send or read.</summary>
    public CancellationToken Arm()
    {
        _timer.CancelAfter(_timeout);
        return _linked.Token;
    }

    /// <summary>Stops the time-out while nothing is being waited for (the caller's own work between reads).</summary>
    public void Disarm() => _timer.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>Whether a cancellation came from this deadline rather than from the caller.</summary>
    public bool Expired => _timer.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>The error for a fired deadline, naming the source that went quiet.</summary>
    public TimeoutException Error(string source, Exception inner) => new(string.Create(CultureInfo.InvariantCulture,
        $"{source} sent nothing for {_timeout.TotalSeconds:0.###} s (HubOptions.ReadTimeout, HF_HUB_DOWNLOAD_TIMEOUT)."), inner);

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
