namespace Florence2.Generation;

/// <summary>
/// One sequence of a row-batched greedy decode (<see cref="BatchGreedySearch"/>): its own image features, prompt,
/// settings, token callback and cancellation, and afterwards its own outcome. Rows of one batch never see each other,
/// so a row's result is the one a single call with the same inputs gives.
/// </summary>
internal sealed class GreedyRow
{
    public GreedyRow(GenerationSettings settings, Action<int>? onToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        OnToken = onToken;
        CancellationToken = cancellationToken;
    }

    /// <summary>The row's image features (needed by a text decoder, not by the search).</summary>
    public ImageFeatures? Features { get; init; }

    /// <summary>The row's prompt ids with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> (needed by a text decoder, not by the search).</summary>
    public IReadOnlyList<int>? PromptTokenIds { get; init; }

    public GenerationSettings Settings { get; }

    /// <summary>Called on the decoding thread with each token of this row as soon as it is chosen.</summary>
    public Action<int>? OnToken { get; }

    /// <summary>Cancelling it takes this row out of the batch at the next step; the other rows go on.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The search's outcome, once the row has finished.</summary>
    public SearchResult? Result { get; internal set; }

    /// <summary>Why the row left without a result (cancelled, a fault of its own logits, its callback threw).</summary>
    public Exception? Error { get; internal set; }

    /// <summary>The generated sequence with the batch's timings, set by the text decoder.</summary>
    public GeneratedSequence? Sequence { get; internal set; }
}
