namespace Florence2.Generation;

/// <summary>
/// One running decode: a batch of rows (the beams), each with its own key/value cache, fed one token per row per
/// step. Greedy and beam search drive it; the ONNX implementation owns the cache. Not thread-safe: one search at a time.
/// </summary>
internal interface IStepDecoder : IDisposable
{
    /// <summary>Size of the logits of one row.</summary>
    int VocabularySize { get; }

    /// <summary>
    /// Feeds one token per row and returns the float32 logits of that position, <c>Rows × VocabularySize</c>,
    /// valid until the next call.
    /// </summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<long> tokens, CancellationToken cancellationToken);

    /// <summary>Row <c>r</c>'s cache becomes what row <c>sources[r]</c> had (beam reordering).</summary>
    void ReorderRows(ReadOnlySpan<int> sources);

    /// <summary>
    /// Keeps only the listed rows, in that order (ascending): row <c>i</c> becomes what row <c>rows[i]</c> was, and
    /// the next <see cref="Step"/> takes <c>rows.Length</c> tokens. A row-batched search drops finished rows this way.
    /// </summary>
    void KeepRows(ReadOnlySpan<int> rows);
}
