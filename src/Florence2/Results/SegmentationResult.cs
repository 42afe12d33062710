
namespace Florence2;

/// <summary>Result of a segmentation task (referring expression segmentation, region to segmentation).</summary>
public sealed class SegmentationResult : TaskResult
{
    /// <summary>Creates the result from a copy of <paramref name="segmentations"/>.</summary>
    /// <param name="segmentations">The instances in generation order.</param>
    /// <param name="rawText">The generated text, special tokens kept.</param>
    /// <param name="imageSize">Size of the original image.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit.</param>
    /// <exception cref="ArgumentNullException">An argument or one of the segmentations is null.</exception>
    public SegmentationResult(IReadOnlyList<Segmentation> segmentations, string rawText, ImageSize imageSize, bool isTruncated)
        : base(rawText, imageSize, isTruncated)
    {
        Segmentations = ReadOnlyCopy.Of(segmentations, nameof(segmentations));
    }

    /// <summary>The instances in generation order.</summary>
    public IReadOnlyList<Segmentation> Segmentations { get; }
}
