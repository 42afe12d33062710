
namespace Florence2;

/// <summary>Result of OCR with regions.</summary>
public sealed class OcrResult : TaskResult
{
    /// <summary>Creates the result from a copy of <paramref name="lines"/>.</summary>
    /// <param name="lines">The text lines in generation order.</param>
    /// <param name="rawText">The generated text, special tokens kept.</param>
    /// <param name="imageSize">Size of the original image.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit.</param>
    /// <exception cref="ArgumentNullException">An argument or one of the lines is null.</exception>
    public OcrResult(IReadOnlyList<OcrLine> lines, string rawText, ImageSize imageSize, bool isTruncated)
        : base(rawText, imageSize, isTruncated)
    {
        Lines = ReadOnlyCopy.Of(lines, nameof(lines));
    }

    /// <summary>The text lines in generation order.</summary>
    public IReadOnlyList<OcrLine> Lines { get; }
}
