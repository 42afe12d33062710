namespace Florence2;

/// <summary>
/// The image tokens plus the prompt tokens need more encoder positions than the model has
/// (<c>max_position_embeddings</c>). Nothing is truncated: shorten the text by <see cref="Excess"/> tokens.
/// Derives from <see cref="ArgumentException"/> because the text the caller passed is what does not fit.
/// </summary>
public sealed class PromptTooLongException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="imageTokenCount">Tokens the vision stage produced for the image.</param>
    /// <param name="promptTokenCount">Tokens of the prompt, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> included.</param>
    /// <param name="maxPositions">Positions the encoder has.</param>
    /// <param name="paramName">The argument that holds the prompt.</param>
    public PromptTooLongException(int imageTokenCount, int promptTokenCount, int maxPositions, string? paramName)
        : base($"{imageTokenCount} image tokens + {promptTokenCount} prompt tokens = {imageTokenCount + promptTokenCount} exceed the encoder's "
            + $"{maxPositions} positions (max_position_embeddings). Shorten the text by at least {imageTokenCount + promptTokenCount - maxPositions} "
            + $"tokens: the prompt may have at most {maxPositions - imageTokenCount} tokens, <s> and </s> included.", paramName)
    {
        ImageTokenCount = imageTokenCount;
        PromptTokenCount = promptTokenCount;
        MaxPositions = maxPositions;
    }

    /// <summary>Tokens the vision stage produced for the image (577 for the released models).</summary>
    public int ImageTokenCount { get; }

    /// <summary>Tokens of the prompt, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> included.</summary>
    public int PromptTokenCount { get; }

    /// <summary>Positions the encoder has (<c>max_position_embeddings</c>).</summary>
    public int MaxPositions { get; }

    /// <summary>How many tokens too many: the prompt must lose at least this many.</summary>
    public int Excess => ImageTokenCount + PromptTokenCount - MaxPositions;
}
