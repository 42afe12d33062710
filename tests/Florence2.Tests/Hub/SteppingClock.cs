using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Florence2.Tests.Hub;

/// <summary>
/// A fake clock for the Hub client: every wait it is asked for (a back-off delay, a lock poll) passes at once and is
/// recorded in <see cref="SteppedWaits"/>, except waits exactly as long as <see cref="Held"/> (the read time-out),
/// which pass only when a test calls <see cref="FakeTimeProvider.Advance"/>. Nothing waits for real.
/// </summary>
internal sealed class SteppingClock : FakeTimeProvider
{
    public SteppingClock(TimeSpan held) => Held = held;

    /// <summary>The length of the waits the clock does not step over on its own.</summary>
    public TimeSpan Held { get; }

    /// <summary>The waits stepped over, in the order they were asked for.</summary>
    public ConcurrentQueue<TimeSpan> SteppedWaits { get; } = new();

    /// <summary>How many held waits were armed (each read or request arms one).</summary>
    public int HeldWaits => _heldWaits;

    private int _heldWaits;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private void Armed(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan || dueTime <= TimeSpan.Zero)
        {
            return;
        }

        if (dueTime == Held)
        {
            Interlocked.Increment(ref _heldWaits);
            return;
        }

        SteppedWaits.Enqueue(dueTime);
        // Not inline: the caller has not stored its timer yet.
        _ = Task.Run(() => Advance(dueTime));
    }

    private sealed class WatchedTimer(SteppingClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.Armed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
