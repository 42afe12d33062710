namespace Florence2.Tests.Geometry;

public sealed class PolygonTests
{
    [Fact]
    public void Area_is_the_shoelace_area()
    {
        var triangle = new Polygon([new(0, 0), new(4, 0), new(0, 3)]);
        var lShape = new Polygon([new(0, 0), new(4, 0), new(4, 1), new(1, 1), new(1, 3), new(0, 3)]);

        Assert.Equal(6f, triangle.Area, 1e-5f);
        Assert.Equal(4f + 2f, lShape.Area, 1e-5f);
        Assert.Equal(6f, new Polygon([new(0, 3), new(4, 0), new(0, 0)]).Area, 1e-5f);
    }

    [Fact]
    public void Degenerate_polygons_are_allowed_and_have_no_area()
    {
        var single = new Polygon([new(3, 4)]);
        var segment = new Polygon([new(3, 4), new(9, 1)]);

        Assert.Equal(0f, single.Area);
        Assert.Equal(0f, segment.Area);
        Assert.Equal(new BoundingBox(3, 1, 9, 4), segment.Bounds);
        Assert.Equal(0, segment.Rasterize(10, 10).Count);
    }

    [Fact]
    public void Constructor_rejects_empty_and_null()
    {
        Assert.Throws<ArgumentException>(() => new Polygon([]));
        Assert.Throws<ArgumentNullException>(() => new Polygon(null!));
    }

    [Fact]
    public void Constructor_copies_the_points()
    {
        var points = new List<ImagePoint> { new(0, 0), new(4, 0), new(0, 3) };
        var polygon = new Polygon(points);
        points[1] = new ImagePoint(100, 100);

        Assert.Equal(new ImagePoint(4, 0), polygon.Points[1]);
    }

    [Fact]
    public void Scale_and_bounds()
    {
        var polygon = new Polygon([new(1, 2), new(5, 2), new(3, 8)]);

        var scaled = polygon.Scale(2f, 0.5f);

        Assert.Equal(new Polygon([new(2, 1), new(10, 1), new(6, 4)]), scaled);
        Assert.Equal(new BoundingBox(1, 2, 5, 8), polygon.Bounds);
        Assert.Equal(polygon.Area, scaled.Area, 1e-4f);
    }
}
