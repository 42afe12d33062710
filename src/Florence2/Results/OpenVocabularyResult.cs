
namespace Florence2;

/// <summary>
/// Result of open-vocabulary detection. The model answers either with boxes or with polygons; the other list is
/// empty (spec section 3.9).
/// </summary>
public sealed class OpenVocabularyResult : TaskResult
{
    /// <summary>Creates the result from copies of the two lists.</summary>
    /// <param name="detections">The boxes, when the model answered with boxes.</param>
    /// <param name="segmentations">The polygons, when the model answered with polygons.</param>
    /// <param name="rawText">The generated text, special tokens kept.</param>
    /// <param name="imageSize">Size of the original image.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit.</param>
    /// <exception cref="ArgumentNullException">An argument or one of the items is null.</exception>
    public OpenVocabularyResult(
        IReadOnlyList<Detection> detections,
        IReadOnlyList<Segmentation> segmentations,
        string rawText,
        ImageSize imageSize,
        bool isTruncated)
        : base(rawText, imageSize, isTruncated)
    {
        Detections = ReadOnlyCopy.Of(detections, nameof(detections));
        Segmentations = ReadOnlyCopy.Of(segmentations, nameof(segmentations));
    }

    /// <summary>The boxes with their labels; empty when the model answered with polygons.</summary>
    public IReadOnlyList<Detection> Detections { get; }

    /// <summary>The polygon instances with their labels; empty when the model answered with boxes.</summary>
    public IReadOnlyList<Segmentation> Segmentations { get; }
}
