namespace Florence2.Tokenization;

/// <summary>
/// The encoder positions a prompt may take: <c>max_position_embeddings</c> less the image tokens. Encoding with a
/// budget refuses a text that cannot fit with <see cref="PromptTooLongException"/>, before the expensive work when
/// even the best case is over.
/// </summary>
/// <param name="ImageTokenCount">Tokens the vision stage produced for the image.</param>
/// <param name="MaxPositions">Positions the encoder has.</param>
/// <param name="ParamName">The argument that holds the text, named in the exception.</param>
internal readonly record struct PromptTokenBudget(int ImageTokenCount, int MaxPositions, string ParamName)
{
    /// <summary>The most prompt tokens that fit, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> included.</summary>
    public long MaxPromptTokens => (long)MaxPositions - ImageTokenCount;

    /// <summary>Whether <paramref name="promptTokenCount"/> tokens (exact or a lower bound) are too many.</summary>
    public bool IsExceededBy(long promptTokenCount) => promptTokenCount > MaxPromptTokens;

    /// <summary>The exception for a prompt of <paramref name="promptTokenCount"/> tokens, or at least that many.</summary>
    public PromptTooLongException Refuse(long promptTokenCount, bool isLowerBound) =>
        new(ImageTokenCount, (int)Math.Min(promptTokenCount, int.MaxValue - Math.Max(ImageTokenCount, 0)), MaxPositions, isLowerBound, ParamName);
}
