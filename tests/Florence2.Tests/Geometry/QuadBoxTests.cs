namespace Florence2.Tests.Geometry;

public sealed class QuadBoxTests
{
    private static readonly QuadBox Diamond = new(new(5, 0), new(10, 5), new(5, 10), new(0, 5));

    [Fact]
    public void Points_keep_generation_order()
    {
        Assert.Equal([new ImagePoint(5, 0), new ImagePoint(10, 5), new ImagePoint(5, 10), new ImagePoint(0, 5)], Diamond.Points);
    }

    [Fact]
    public void Bounds_and_area_of_a_rotated_square()
    {
        Assert.Equal(new BoundingBox(0, 0, 10, 10), Diamond.Bounds);

        // A square with diagonal 10 has area 10² / 2.
        Assert.Equal(50f, Diamond.Area, 1e-4f);
    }

    [Fact]
    public void Area_does_not_depend_on_winding_direction()
    {
        var clockwise = new QuadBox(new(1, 1), new(5, 1), new(5, 3), new(1, 3));
        var counterClockwise = new QuadBox(new(1, 1), new(1, 3), new(5, 3), new(5, 1));

        Assert.Equal(8f, clockwise.Area, 1e-5f);
        Assert.Equal(8f, counterClockwise.Area, 1e-5f);
    }

    [Fact]
    public void Scale_multiplies_every_corner()
    {
        var scaled = Diamond.Scale(2f, 0.5f);

        Assert.Equal(new QuadBox(new(10, 0), new(20, 2.5f), new(10, 5), new(0, 2.5f)), scaled);
        Assert.Equal(Diamond.Area, scaled.Area, 1e-4f);
    }

    [Fact]
    public void Equality_is_by_corners_in_order()
    {
        var same = new QuadBox(new(5, 0), new(10, 5), new(5, 10), new(0, 5));
        var rotated = new QuadBox(new(10, 5), new(5, 10), new(0, 5), new(5, 0));

        Assert.Equal(Diamond, same);
        Assert.Equal(Diamond.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(Diamond, rotated);
    }
}
