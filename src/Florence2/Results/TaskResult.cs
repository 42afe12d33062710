namespace Florence2;

/// <summary>What every task returns: the generated text, the image size it refers to, and whether generation was cut short. Immutable.</summary>
public abstract class TaskResult
{
    /// <summary>Stores the fields shared by every task result.</summary>
    /// <param name="rawText">The generated text, special tokens kept.</param>
    /// <param name="imageSize">Size of the original image the coordinates refer to.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit instead of the end-of-sequence token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rawText"/> is null.</exception>
    protected TaskResult(string rawText, ImageSize imageSize, bool isTruncated)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        RawText = rawText;
        ImageSize = imageSize;
        IsTruncated = isTruncated;
    }

    /// <summary>The generated text as decoded, special tokens such as <c>&lt;s&gt;</c> and <c>&lt;loc_N&gt;</c> kept.</summary>
    public string RawText { get; }

    /// <summary>Size of the original image; every coordinate in the result is in its pixels.</summary>
    public ImageSize ImageSize { get; }

    /// <summary>
    /// True when generation hit the token limit before the end-of-sequence token: the answer may be incomplete (a
    /// partial trailing item is dropped, never guessed).
    /// </summary>
    public bool IsTruncated { get; }

    /// <summary>The generation behind this result (prompt, token ids and log-probabilities, timings); null when the result was built by hand.</summary>
    public GenerationResult? Generation { get; init; }
}
