namespace Florence2;

/// <summary>
/// Micro-batching of concurrent calls (<see cref="Florence2ModelOptions.MicroBatching"/>): greedy <c>Run</c>,
/// <c>RunAsync</c> and <c>StreamTextAsync</c> calls that arrive within <see cref="Window"/> of each other share one
/// vision encoder run, one text encoder run and one decoder run per step, as rows of one batch. Every call still
/// gets exactly the answer it would get alone. Off by default; see docs/performance.md for when it pays.
/// </summary>
/// <remarks>
/// A plain settings object: set it up, then load; the model copies it. Not thread-safe while being changed.
/// Calls with beams (<c>NumBeams</c> above 1) always run alone, beside the batches.
/// </remarks>
public sealed class MicroBatchingOptions
{
    /// <summary>The longest <see cref="Window"/> accepted: one second.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(1);

    /// <summary>The largest <see cref="MaxBatchSize"/> accepted.</summary>
    public const int MaxBatchSizeLimit = 64;

    /// <summary>Whether calls are batched (default false: every call runs on its own thread, as without this option).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How long the first waiting call waits for others to join its batch (default 10 ms; 0 to 1 s). Calls that
    /// arrive while a batch is running wait for it anyway, so under load batches fill without waiting; the window
    /// only adds latency to a call that arrives when the model is idle.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Most calls in one batch (default 8; 1 to 64). A full batch starts at once, without waiting out the window.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>Throws when a setting is out of range; the message names it and the allowed range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    public void Validate()
    {
        if (Window < TimeSpan.Zero || Window > MaxWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window,
                $"MicroBatching.Window must be between 0 and {MaxWindow.TotalMilliseconds:0} ms (how long a call waits for others to join its batch).");
        }

        if (MaxBatchSize < 1 || MaxBatchSize > MaxBatchSizeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize,
                $"MicroBatching.MaxBatchSize must be between 1 and {MaxBatchSizeLimit} (calls per batch).");
        }
    }
}
