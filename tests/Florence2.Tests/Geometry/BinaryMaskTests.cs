namespace Florence2.Tests.Geometry;

public sealed class BinaryMaskTests
{
    private static Polygon Rectangle(float x1, float y1, float x2, float y2) => new([new(x1, y1), new(x2, y1), new(x2, y2), new(x1, y2)]);

    /// <summary>Independent point-in-polygon test (crossing number, W. R. Franklin's PNPOLY).</summary>
    private static bool Inside(IReadOnlyList<ImagePoint> polygon, double x, double y)
    {
        bool inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            double xi = polygon[i].X, yi = polygon[i].Y, xj = polygon[j].X, yj = polygon[j].Y;
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private static void AssertMatchesPointInPolygon(Polygon polygon, int width, int height)
    {
        var mask = polygon.Rasterize(width, height);
        int expectedCount = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool expected = Inside(polygon.Points, x + 0.5, y + 0.5);
                Assert.True(expected == mask[x, y], $"pixel ({x}, {y}): expected {expected}");
                expectedCount += expected ? 1 : 0;
            }
        }

        Assert.Equal(expectedCount, mask.Count);
    }

    [Fact]
    public void Rectangle_on_pixel_edges_fills_exactly_its_pixels()
    {
        var mask = Rectangle(2, 3, 7, 9).Rasterize(10, 12);

        Assert.Equal(5 * 6, mask.Count);
        Assert.True(mask[2, 3]);
        Assert.True(mask[6, 8]);
        Assert.False(mask[7, 8]);
        Assert.False(mask[6, 9]);
        Assert.False(mask[1, 3]);
    }

    [Fact]
    public void Fractional_rectangle_fills_the_pixels_whose_centres_it_contains()
    {
        // Centres x + 0.5 in [1.2, 4.6): x = 1..4; centres y + 0.5 in [1.7, 3.4): y = 2.
        var mask = Rectangle(1.2f, 1.7f, 4.6f, 3.4f).Rasterize(6, 6);

        Assert.Equal(4, mask.Count);
        Assert.True(mask[1, 2] && mask[4, 2]);
    }

    [Fact]
    public void Triangle_matches_an_independent_point_in_polygon_count()
    {
        AssertMatchesPointInPolygon(new Polygon([new(3.3f, 1.1f), new(27.9f, 8.4f), new(9.2f, 22.6f)]), 32, 24);
    }

    [Fact]
    public void Self_intersecting_and_concave_polygons_follow_the_even_odd_rule()
    {
        AssertMatchesPointInPolygon(new Polygon([new(0.3f, 0.2f), new(19.7f, 14.1f), new(19.6f, 0.4f), new(0.1f, 13.9f)]), 20, 15);
        AssertMatchesPointInPolygon(new Polygon([new(1.1f, 1.3f), new(18.2f, 2.7f), new(9.9f, 7.4f), new(17.5f, 13.6f), new(2.2f, 12.1f)]), 20, 15);

        // A pentagram: its centre crosses two edges on each side and stays empty under even-odd.
        var star = new Polygon([new(10.3f, 0.6f), new(16.1f, 18.7f), new(0.8f, 7.3f), new(19.6f, 7.2f), new(4.2f, 18.9f)]);
        AssertMatchesPointInPolygon(star, 20, 20);
        Assert.False(star.Rasterize(20, 20)[10, 10]);
    }

    [Fact]
    public void Polygons_outside_the_mask_are_clipped()
    {
        Assert.Equal(25, Rectangle(-5, -5, 5, 5).Rasterize(10, 10).Count);
        Assert.Equal(100, Rectangle(-50, -50, 50, 50).Rasterize(10, 10).Count);
        Assert.Equal(0, Rectangle(20, 20, 30, 30).Rasterize(10, 10).Count);
    }

    [Fact]
    public void From_polygons_is_the_union()
    {
        var mask = BinaryMask.FromPolygons([Rectangle(0, 0, 6, 4), Rectangle(4, 0, 10, 4)], 12, 5);

        Assert.Equal(10 * 4, mask.Count);
    }

    [Fact]
    public void Intersection_over_union_counts_pixels()
    {
        var left = Rectangle(0, 0, 10, 10).Rasterize(20, 10);
        var right = Rectangle(5, 0, 15, 10).Rasterize(20, 10);
        var empty = BinaryMask.FromPolygons([], 20, 10);

        Assert.Equal(50f / 150f, left.IntersectionOverUnion(right), 1e-6f);
        Assert.Equal(1f, left.IntersectionOverUnion(left));
        Assert.Equal(0f, left.IntersectionOverUnion(empty));
        Assert.Equal(0f, empty.IntersectionOverUnion(empty));
        Assert.Throws<ArgumentException>(() => left.IntersectionOverUnion(Rectangle(0, 0, 1, 1).Rasterize(10, 20)));
    }

    [Fact]
    public void Data_copies_out_row_by_row()
    {
        var mask = new BinaryMask(3, 2, [true, false, false, false, false, true]);

        Assert.True(mask[0, 0]);
        Assert.True(mask[2, 1]);
        Assert.Equal(2, mask.Count);
        var copy = mask.ToArray();
        copy[1] = true;
        Assert.False(mask[1, 0]);
        var destination = new bool[6];
        mask.CopyTo(destination);
        Assert.Equal(mask.ToArray(), destination);
        Assert.Throws<ArgumentException>(() => mask.CopyTo(new bool[5]));
    }

    [Fact]
    public void Invalid_sizes_and_pixels_are_rejected()
    {
        var mask = new BinaryMask(3, 2, new bool[6]);

        Assert.Throws<ArgumentOutOfRangeException>(() => mask[3, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => mask[0, -1]);
        Assert.Throws<ArgumentException>(() => new BinaryMask(3, 2, new bool[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMask.FromPolygons([], 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMask.FromPolygons([], 100_000, 100_000));
    }
}
