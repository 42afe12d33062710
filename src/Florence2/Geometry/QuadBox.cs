using Florence2.Geometry;

namespace Florence2;

/// <summary>
/// A quadrilateral in pixel coordinates, as produced by OCR with regions: four corners in the order the model
/// generated them (usually top-left, top-right, bottom-right, bottom-left). Immutable; equal when the corners are
/// equal in the same order.
/// </summary>
public sealed class QuadBox : IEquatable<QuadBox>
{
    private readonly ImagePoint[] _points;

    /// <summary>Creates the quadrilateral from its four corners, in generation order.</summary>
    /// <param name="p1">First corner.</param>
    /// <param name="p2">Second corner.</param>
    /// <param name="p3">Third corner.</param>
    /// <param name="p4">Fourth corner.</param>
    public QuadBox(ImagePoint p1, ImagePoint p2, ImagePoint p3, ImagePoint p4)
    {
        _points = [p1, p2, p3, p4];
        Points = Array.AsReadOnly(_points);
    }

    /// <summary>The four corners in generation order.</summary>
    public IReadOnlyList<ImagePoint> Points { get; }

    /// <summary>The smallest axis-aligned box containing the four corners.</summary>
    public BoundingBox Bounds => BoundingBox.Enclosing(_points);

    /// <summary>Absolute area by the shoelace formula over the corners in generation order.</summary>
    public float Area => ShoelaceArea.Of(_points);

    /// <summary>Returns the quadrilateral with x coordinates multiplied by <paramref name="sx"/> and y by <paramref name="sy"/>.</summary>
    /// <param name="sx">Horizontal scale factor.</param>
    /// <param name="sy">Vertical scale factor.</param>
    public QuadBox Scale(float sx, float sy) =>
        new(_points[0].Scale(sx, sy), _points[1].Scale(sx, sy), _points[2].Scale(sx, sy), _points[3].Scale(sx, sy));

    /// <inheritdoc />
    public bool Equals(QuadBox? other) => other is not null && _points.AsSpan().SequenceEqual(other._points);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as QuadBox);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_points[0], _points[1], _points[2], _points[3]);

    /// <inheritdoc />
    public override string ToString() => $"QuadBox [{_points[0]}, {_points[1]}, {_points[2]}, {_points[3]}]";
}
