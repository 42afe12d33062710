namespace Florence2.Geometry;

/// <summary>
/// Even-odd scanline fill that samples pixel centres: pixel (x, y) is inside when a ray from (x + 0.5, y + 0.5)
/// crosses the polygon's edges an odd number of times (the classic point-in-polygon test, evaluated row by row).
/// </summary>
internal static class ScanlineFill
{
    /// <summary>Sets every pixel of the row-major <paramref name="pixels"/> whose centre lies inside the polygon; leaves the others unchanged (so calls make a union).</summary>
    public static void Fill(ReadOnlySpan<ImagePoint> points, bool[] pixels, int width, int height)
    {
        if (points.Length < 3)
        {
            return;
        }

        double minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        foreach (var point in points)
        {
            minY = Math.Min(minY, point.Y);
            maxY = Math.Max(maxY, point.Y);
        }

        if (double.IsNaN(minY) || double.IsNaN(maxY))
        {
            return;
        }

        // An edge crosses the centre line yc when yc is in [min, max) of its end points, so only these rows can be hit.
        int firstRow = FirstCentreAtOrAfter(minY, height);
        int endRow = FirstCentreAtOrAfter(maxY, height);
        var crossings = new double[points.Length];
        for (int y = firstRow; y < endRow; y++)
        {
            double centreY = y + 0.5;
            int count = 0;
            for (int i = 0, j = points.Length - 1; i < points.Length; j = i++)
            {
                double yi = points[i].Y, yj = points[j].Y;
                if ((yi > centreY) != (yj > centreY))
                {
                    double xi = points[i].X, xj = points[j].X;
                    crossings[count++] = ((xj - xi) * (centreY - yi) / (yj - yi)) + xi;
                }
            }

            Array.Sort(crossings, 0, count);

            // A centre xc is inside when an odd number of crossings lie right of it, i.e. xc in [c[2k], c[2k+1]).
            int rowStart = y * width;
            for (int k = 0; k + 1 < count; k += 2)
            {
                if (double.IsNaN(crossings[k]) || double.IsNaN(crossings[k + 1]))
                {
                    continue;
                }

                int start = FirstCentreAtOrAfter(crossings[k], width);
                int end = FirstCentreAtOrAfter(crossings[k + 1], width);
                pixels.AsSpan(rowStart + start, Math.Max(0, end - start)).Fill(true);
            }
        }
    }

    /// <summary>The smallest index i in [0, count] with i + 0.5 ≥ <paramref name="bound"/> (count when there is none).</summary>
    private static int FirstCentreAtOrAfter(double bound, int count)
    {
        if (bound <= 0.5)
        {
            return 0;
        }

        if (bound > count - 0.5)
        {
            return count;
        }

        // Ceiling gives the answer up to rounding of bound − 0.5; the two loops make it exact against the comparison itself.
        int index = (int)Math.Ceiling(bound - 0.5);
        while (index > 0 && index - 1 + 0.5 >= bound)
        {
            index--;
        }

        while (index < count && index + 0.5 < bound)
        {
            index++;
        }

        return index;
    }
}
