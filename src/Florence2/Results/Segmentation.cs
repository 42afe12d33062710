
namespace Florence2;

/// <summary>One segmented instance: a label and the polygons that make up its mask.</summary>
/// <param name="Label">The label the model generated; empty for tasks that emit none.</param>
/// <param name="Polygons">The parts of the mask, in pixel coordinates of the original image.</param>
/// <param name="Score">exp(mean log-probability) of the location tokens of all its polygons, in [0, 1].</param>
public sealed record Segmentation(string Label, IReadOnlyList<Polygon> Polygons, float Score)
{
    /// <summary>The label the model generated; empty for tasks that emit none.</summary>
    public string Label { get; init; } = Label ?? throw new ArgumentNullException(nameof(Label));

    /// <summary>The parts of the mask, in pixel coordinates of the original image.</summary>
    public IReadOnlyList<Polygon> Polygons { get; } = ReadOnlyCopy.Of(Polygons, nameof(Polygons));

    /// <summary>The union of the polygons as a mask of <paramref name="size"/>, by the rule of <see cref="BinaryMask.FromPolygons"/>.</summary>
    /// <param name="size">Mask size; normally the original image size.</param>
    /// <exception cref="ArgumentOutOfRangeException">A side of <paramref name="size"/> is not positive.</exception>
    public BinaryMask ToMask(ImageSize size) => BinaryMask.FromPolygons(Polygons, size.Width, size.Height);
}
