using Florence2.Geometry;

namespace Florence2;

/// <summary>
/// A closed polygon in pixel coordinates, one part of a segmentation mask. The last point connects back to the
/// first. Florence-2 can emit degenerate polygons (one or two points); they are kept and have no area and no
/// pixels. Immutable; equal when the points are equal in the same order.
/// </summary>
public sealed class Polygon : IEquatable<Polygon>
{
    private readonly ImagePoint[] _points;

    /// <summary>Creates the polygon from a copy of <paramref name="points"/>.</summary>
    /// <param name="points">The vertices in order; at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="points"/> is empty.</exception>
    public Polygon(IReadOnlyList<ImagePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("A polygon needs at least one point, but the list is empty.", nameof(points));
        }

        _points = new ImagePoint[points.Count];
        for (int i = 0; i < _points.Length; i++)
        {
            _points[i] = points[i];
        }

        Points = Array.AsReadOnly(_points);
    }

    /// <summary>The vertices in generation order.</summary>
    public IReadOnlyList<ImagePoint> Points { get; }

    /// <summary>The smallest axis-aligned box containing every vertex.</summary>
    public BoundingBox Bounds => BoundingBox.Enclosing(_points);

    /// <summary>Absolute area by the shoelace formula; 0 for fewer than three points. Self-intersecting polygons get the shoelace value, not the filled area.</summary>
    public float Area => ShoelaceArea.Of(_points);

    /// <summary>Returns the polygon with x coordinates multiplied by <paramref name="sx"/> and y by <paramref name="sy"/>.</summary>
    /// <param name="sx">Horizontal scale factor.</param>
    /// <param name="sy">Vertical scale factor.</param>
    public Polygon Scale(float sx, float sy)
    {
        var scaled = new ImagePoint[_points.Length];
        for (int i = 0; i < scaled.Length; i++)
        {
            scaled[i] = _points[i].Scale(sx, sy);
        }

        return new Polygon(scaled);
    }

    /// <summary>
    /// The pixels of a <paramref name="width"/> × <paramref name="height"/> mask covered by this polygon, by the
    /// rule of <see cref="BinaryMask.FromPolygons"/>.
    /// </summary>
    /// <param name="width">Mask width in pixels (positive).</param>
    /// <param name="height">Mask height in pixels (positive).</param>
    public BinaryMask Rasterize(int width, int height) => BinaryMask.FromPolygons([this], width, height);

    /// <summary>The vertices without a copy, for the rasterizer.</summary>
    internal ReadOnlySpan<ImagePoint> PointSpan => _points;

    /// <inheritdoc />
    public bool Equals(Polygon? other) => other is not null && _points.AsSpan().SequenceEqual(other._points);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Polygon);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var point in _points)
        {
            hash.Add(point);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"Polygon ({_points.Length} points)";
}
