using System.Diagnostics;

namespace Florence2.Batching;

/// <summary>
/// Gathers items into batches and processes one batch at a time on a dedicated thread. A batch starts when it is
/// full, or when its oldest item has waited the window; items that arrive while a batch runs wait for the next one,
/// so under load batches fill without any extra wait. The thread is a plain thread, not a pool thread: callers that
/// block on their item's outcome cannot starve it.
/// </summary>
/// <remarks>Thread-safe. <c>process</c> must not throw (it reports each item's outcome itself).</remarks>
internal sealed class MicroBatchQueue<T> : IDisposable
    where T : class
{
    private readonly object _lock = new();
    private readonly Queue<(T Item, long Arrived)> _queue = new();
    private readonly long _windowTicks;
    private readonly int _maxBatchSize;
    private readonly Action<IReadOnlyList<T>> _process;
    private readonly Thread _thread;
    private bool _stopping;

    public MicroBatchQueue(TimeSpan window, int maxBatchSize, Action<IReadOnlyList<T>> process, string threadName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentNullException.ThrowIfNull(process);
        _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
        _maxBatchSize = maxBatchSize;
        _process = process;
        _thread = new Thread(Loop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>Adds an item to the next batch.</summary>
    /// <exception cref="ObjectDisposedException">The queue was disposed.</exception>
    public void Enqueue(T item)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue((item, Stopwatch.GetTimestamp()));
            if (_queue.Count == 1 || _queue.Count >= _maxBatchSize)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>Takes an item back that no batch has taken yet; false when it is already in (or done with) a batch.</summary>
    public bool TryRemove(T item)
    {
        lock (_lock)
        {
            var count = _queue.Count;
            var found = false;
            for (var i = 0; i < count; i++)
            {
                var entry = _queue.Dequeue();
                if (!found && ReferenceEquals(entry.Item, item))
                {
                    found = true;
                    continue;
                }

                _queue.Enqueue(entry);
            }

            return found;
        }
    }

    /// <summary>Stops the thread after the batch it is running; items still queued are left unprocessed (the owner drains its calls first).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.PulseAll(_lock);
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Loop()
    {
        var batch = new List<T>(_maxBatchSize);
        while (true)
        {
            lock (_lock)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_lock);
                }

                if (_stopping)
                {
                    return;
                }

                // The window runs from the oldest item's arrival: an item that waited through a running batch goes at once.
                while (_queue.Count < _maxBatchSize && !_stopping)
                {
                    var left = _queue.Peek().Arrived + _windowTicks - Stopwatch.GetTimestamp();
                    if (left <= 0)
                    {
                        break;
                    }

                    Monitor.Wait(_lock, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
                    if (_queue.Count == 0)
                    {
                        break; // every waiting item was taken back
                    }
                }

                batch.Clear();
                while (batch.Count < _maxBatchSize && _queue.Count > 0)
                {
                    batch.Add(_queue.Dequeue().Item);
                }
            }

            if (batch.Count > 0)
            {
                _process(batch);
            }
        }
    }
}
