namespace Florence2.Tests.Support;

/// <summary>
/// Runs full garbage collections and the finalizers they queue back to back on a background thread until disposed.
/// An ONNX Runtime object whose finalizer frees native memory (a <c>RunOptions</c>, an <c>OrtValue</c>, an
/// <c>InferenceSession</c>) is then freed at the first moment no managed code holds it, so a run that still uses it
/// natively fails within a few runs instead of once in dozens of whole test runs.
/// </summary>
internal sealed class CollectionPressure : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _collections;

    public CollectionPressure()
    {
        _thread = new Thread(Collect) { IsBackground = true, Name = "collection pressure" };
        _thread.Start();
    }

    /// <summary>Collections completed so far, each with its finalizers run.</summary>
    public int Collections => Volatile.Read(ref _collections);

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Collect()
    {
        while (!_stop)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Interlocked.Increment(ref _collections);
        }
    }
}
