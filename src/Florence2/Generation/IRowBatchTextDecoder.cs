namespace Florence2.Generation;

/// <summary>
/// A text decoder that can decode greedy calls with different prompts, settings and callbacks as rows of one batch
/// (the micro-batcher's path). Text decoders without it run every call alone.
/// </summary>
internal interface IRowBatchTextDecoder
{
    /// <summary>
    /// Decodes <paramref name="rows"/> together; each row ends with its <see cref="GreedyRow.Sequence"/> (equal to
    /// what a single call gives) or its <see cref="GreedyRow.Error"/>. A failure of the batch itself throws.
    /// </summary>
    void GenerateRows(IReadOnlyList<GreedyRow> rows, CancellationToken cancellationToken);
}
