namespace Florence2;

/// <summary>How <see cref="IFlorence2Model.RunBatchAsync{TResult}"/> groups and schedules its work. Immutable; safe to share.</summary>
public sealed record BatchOptions
{
    /// <summary>
    /// Images per batch (at least 1, default 8): the vision encoder runs once per batch, and with greedy decoding
    /// the batch's images are decoded together, one decoder run per step. Larger batches use more memory.
    /// </summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Batches in flight at once (at least 1, default 1). Each batch runs on its own thread-pool thread.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>Generation overrides and the minimum score, applied to every image; null keeps the defaults.</summary>
    public TaskOptions? TaskOptions { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it and the allowed range.</exception>
    public void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1 (images per batch).");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism,
                "MaxDegreeOfParallelism must be at least 1 (batches in flight at once).");
        }

        TaskOptions?.Validate();
    }
}
