namespace Florence2.Geometry;

/// <summary>Area of a simple polygon by the shoelace formula; shared by <see cref="QuadBox"/> and <see cref="Polygon"/>.</summary>
internal static class ShoelaceArea
{
    /// <summary>Absolute area of the closed polygon through <paramref name="points"/>; 0 for fewer than 3 points.</summary>
    public static float Of(ReadOnlySpan<ImagePoint> points)
    {
        // Double accumulation: the terms are products of pixel coordinates and cancel heavily.
        double twiceSignedArea = 0;
        for (int i = 0; i < points.Length; i++)
        {
            var current = points[i];
            var next = points[i + 1 == points.Length ? 0 : i + 1];
            twiceSignedArea += ((double)current.X * next.Y) - ((double)next.X * current.Y);
        }

        return (float)Math.Abs(twiceSignedArea / 2);
    }
}
