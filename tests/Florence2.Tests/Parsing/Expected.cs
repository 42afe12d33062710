namespace Florence2.Tests.Parsing;

/// <summary>Expected coordinates computed independently of the parser, from the reference's formula.</summary>
internal static class Expected
{
    /// <summary>Centre of a location bin: (bin + 0.5) / 1000 × size.</summary>
    public static float Pixel(int bin, int size) => (bin + 0.5f) / 1000f * size;

    public static BoundingBox Box(int x1, int y1, int x2, int y2, ImageSize size) =>
        new(Pixel(x1, size.Width), Pixel(y1, size.Height), Pixel(x2, size.Width), Pixel(y2, size.Height));

    public static ImagePoint Point(int x, int y, ImageSize size) => new(Pixel(x, size.Width), Pixel(y, size.Height));

    /// <summary>Asserts the box equals the flat [x1, y1, x2, y2] list within <paramref name="tolerance"/>.</summary>
    public static void Near(float[] expected, BoundingBox actual, float tolerance = 1e-3f)
    {
        Assert.Equal(expected[0], actual.X1, tolerance);
        Assert.Equal(expected[1], actual.Y1, tolerance);
        Assert.Equal(expected[2], actual.X2, tolerance);
        Assert.Equal(expected[3], actual.Y2, tolerance);
    }
}
