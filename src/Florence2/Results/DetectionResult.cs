
namespace Florence2;

/// <summary>Result of a box task (object detection, dense region captions, region proposals).</summary>
public sealed class DetectionResult : TaskResult
{
    /// <summary>Creates the result from a copy of <paramref name="detections"/>.</summary>
    /// <param name="detections">The boxes in generation order.</param>
    /// <param name="rawText">The generated text, special tokens kept.</param>
    /// <param name="imageSize">Size of the original image.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit.</param>
    /// <exception cref="ArgumentNullException">An argument or one of the detections is null.</exception>
    public DetectionResult(IReadOnlyList<Detection> detections, string rawText, ImageSize imageSize, bool isTruncated)
        : base(rawText, imageSize, isTruncated)
    {
        Detections = ReadOnlyCopy.Of(detections, nameof(detections));
    }

    /// <summary>The boxes in generation order.</summary>
    public IReadOnlyList<Detection> Detections { get; }
}
