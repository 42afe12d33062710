namespace Florence2;

/// <summary>
/// The image tokens plus the prompt tokens need more encoder positions than the model has
/// (<c>max_position_embeddings</c>). Nothing is truncated: shorten the text by <see cref="Excess"/> tokens.
/// Derives from <see cref="ArgumentException"/> because the text the caller passed is what does not fit.
/// </summary>
/// <remarks>
/// A text so long that even its best case cannot fit is refused from its length before it is tokenized; then
/// <see cref="IsPromptTokenCountLowerBound"/> is <see langword="true"/> and <see cref="PromptTokenCount"/> and
/// <see cref="Excess"/> are lower bounds (the message says "at least").
/// </remarks>
public sealed class PromptTooLongException : ArgumentException
{
    /// <summary>Creates the exception for an exact prompt token count.</summary>
    /// <param name="imageTokenCount">Tokens the vision stage produced for the image.</param>
    /// <param name="promptTokenCount">Tokens of the prompt, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> included.</param>
    /// <param name="maxPositions">Positions the encoder has.</param>
    /// <param name="paramName">The argument that holds the prompt.</param>
    public PromptTooLongException(int imageTokenCount, int promptTokenCount, int maxPositions, string? paramName)
        : this(imageTokenCount, promptTokenCount, maxPositions, isPromptTokenCountLowerBound: false, paramName)
    {
    }

    /// <summary>Creates the exception for an exact prompt token count or a lower bound on it.</summary>
    /// <param name="imageTokenCount">Tokens the vision stage produced for the image.</param>
    /// <param name="promptTokenCount">Tokens of the prompt, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> included, or a lower bound on them.</param>
    /// <param name="maxPositions">Positions the encoder has.</param>
    /// <param name="isPromptTokenCountLowerBound">Whether <paramref name="promptTokenCount"/> is a lower bound (the text was not tokenized to the end).</param>
    /// <param name="paramName">The argument that holds the prompt.</param>
    public PromptTooLongException(int imageTokenCount, int promptTokenCount, int maxPositions, bool isPromptTokenCountLowerBound, string? paramName)
        : base(FormatMessage(imageTokenCount, promptTokenCount, maxPositions, isPromptTokenCountLowerBound), paramName)
    {
        ImageTokenCount = imageTokenCount;
        PromptTokenCount = promptTokenCount;
        MaxPositions = maxPositions;
        IsPromptTokenCountLowerBound = isPromptTokenCountLowerBound;
    }

    /// <summary>Tokens the vision stage produced for the image (577 for the released models).</summary>
    public int ImageTokenCount { get; }

    /// <summary>
    /// Tokens of the prompt, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c> included; a lower bound on them when
    /// <see cref="IsPromptTokenCountLowerBound"/> is <see langword="true"/>.
    /// </summary>
    public int PromptTokenCount { get; }

    /// <summary>
    /// Whether <see cref="PromptTokenCount"/> (and so <see cref="Excess"/>) is a lower bound: the text was refused
    /// from its length before it was tokenized, because even the longest tokens could not make it fit.
    /// </summary>
    public bool IsPromptTokenCountLowerBound { get; }

    /// <summary>Positions the encoder has (<c>max_position_embeddings</c>).</summary>
    public int MaxPositions { get; }

    /// <summary>How many tokens too many: the prompt must lose at least this many.</summary>
    public int Excess => ImageTokenCount + PromptTokenCount - MaxPositions;

    private static string FormatMessage(int imageTokenCount, int promptTokenCount, int maxPositions, bool isLowerBound)
    {
        var atLeast = isLowerBound ? "at least " : string.Empty;
        var message = $"{imageTokenCount} image tokens + {atLeast}{promptTokenCount} prompt tokens = {atLeast}{imageTokenCount + promptTokenCount} exceed the encoder's "
            + $"{maxPositions} positions (max_position_embeddings). Shorten the text by at least {imageTokenCount + promptTokenCount - maxPositions} "
            + $"tokens: the prompt may have at most {maxPositions - imageTokenCount} tokens, <s> and </s> included.";
        return isLowerBound
            ? message + " The count is a lower bound: the text was refused from its UTF-8 length before it was tokenized."
            : message;
    }
}
