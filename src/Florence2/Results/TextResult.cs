namespace Florence2;

/// <summary>Result of a text task (captions, OCR, region-to-text).</summary>
public sealed class TextResult : TaskResult
{
    /// <summary>Creates the result.</summary>
    /// <param name="text">The answer text, special tokens removed.</param>
    /// <param name="rawText">The generated text, special tokens kept.</param>
    /// <param name="imageSize">Size of the original image.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="rawText"/> is null.</exception>
    public TextResult(string text, string rawText, ImageSize imageSize, bool isTruncated)
        : base(rawText, imageSize, isTruncated)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
    }

    /// <summary>The answer text, special tokens removed and trimmed.</summary>
    public string Text { get; }
}
