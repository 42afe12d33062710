using System.Globalization;

namespace Florence2;

/// <summary>
/// An axis-aligned box in pixel coordinates of the original image: (<see cref="X1"/>, <see cref="Y1"/>) is the
/// top-left corner, (<see cref="X2"/>, <see cref="Y2"/>) the bottom-right one. The model may emit inverted boxes
/// (X2 &lt; X1 or Y2 &lt; Y1); they are kept as emitted and have no area.
/// </summary>
/// <param name="X1">Left edge in pixels.</param>
/// <param name="Y1">Top edge in pixels.</param>
/// <param name="X2">Right edge in pixels.</param>
/// <param name="Y2">Bottom edge in pixels.</param>
public readonly record struct BoundingBox(float X1, float Y1, float X2, float Y2)
{
    /// <summary>X2 − X1; negative for an inverted box.</summary>
    public float Width => X2 - X1;

    /// <summary>Y2 − Y1; negative for an inverted box.</summary>
    public float Height => Y2 - Y1;

    /// <summary>Width × height, or 0 when the box is empty or inverted.</summary>
    public float Area => Math.Max(0f, Width) * Math.Max(0f, Height);

    /// <summary>The point halfway between the two corners.</summary>
    public ImagePoint Center => new((X1 + X2) / 2f, (Y1 + Y2) / 2f);

    /// <summary>
    /// Intersection area divided by union area, in [0, 1]. Returns 0 when the union is empty (both boxes have no
    /// area), so degenerate boxes never count as a match.
    /// </summary>
    /// <param name="other">The box to compare with.</param>
    public float IntersectionOverUnion(BoundingBox other)
    {
        float overlapWidth = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        float overlapHeight = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        float intersection = overlapWidth > 0f && overlapHeight > 0f ? overlapWidth * overlapHeight : 0f;
        float union = Area + other.Area - intersection;
        return union > 0f ? intersection / union : 0f;
    }

    /// <summary>Returns the box with x coordinates multiplied by <paramref name="sx"/> and y coordinates by <paramref name="sy"/>.</summary>
    /// <param name="sx">Horizontal scale factor (for example new width / old width).</param>
    /// <param name="sy">Vertical scale factor.</param>
    public BoundingBox Scale(float sx, float sy) => new(X1 * sx, Y1 * sy, X2 * sx, Y2 * sy);

    /// <summary>
    /// The corners as <c>x1,y1,x2,y2</c> in pixels rounded to hundredths (for example <c>117.44,187.92,523.2,413.04</c>),
    /// in the invariant culture so the separator never collides with a decimal comma; the form the CLI's
    /// <c>--region</c> takes. For exact values read <see cref="X1"/>, <see cref="Y1"/>, <see cref="X2"/>, <see cref="Y2"/>.
    /// </summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{X1:0.##},{Y1:0.##},{X2:0.##},{Y2:0.##}");

    /// <summary>The smallest box that contains every point.</summary>
    /// <param name="points">At least one point.</param>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="points"/> is empty.</exception>
    public static BoundingBox Enclosing(IEnumerable<ImagePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var enumerator = points.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            throw new ArgumentException("An enclosing box needs at least one point, but the sequence is empty.", nameof(points));
        }

        var first = enumerator.Current;
        float minX = first.X, minY = first.Y, maxX = first.X, maxY = first.Y;
        while (enumerator.MoveNext())
        {
            var point = enumerator.Current;
            minX = Math.Min(minX, point.X);
            minY = Math.Min(minY, point.Y);
            maxX = Math.Max(maxX, point.X);
            maxY = Math.Max(maxY, point.Y);
        }

        return new BoundingBox(minX, minY, maxX, maxY);
    }
}
