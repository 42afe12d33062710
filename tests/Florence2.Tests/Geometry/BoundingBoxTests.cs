namespace Florence2.Tests.Geometry;

public sealed class BoundingBoxTests
{
    [Fact]
    public void Size_area_and_center()
    {
        var box = new BoundingBox(10, 20, 40, 30);

        Assert.Equal(30f, box.Width);
        Assert.Equal(10f, box.Height);
        Assert.Equal(300f, box.Area);
        Assert.Equal(new ImagePoint(25, 25), box.Center);
    }

    [Theory]
    [InlineData(40, 20, 10, 30)]
    [InlineData(10, 30, 40, 20)]
    [InlineData(10, 20, 10, 30)]
    public void Inverted_or_empty_boxes_have_no_area(float x1, float y1, float x2, float y2)
    {
        Assert.Equal(0f, new BoundingBox(x1, y1, x2, y2).Area);
    }

    [Theory]
    [InlineData(0, 0, 10, 10, 1f)]
    [InlineData(5, 0, 15, 10, 50f / 150f)]
    [InlineData(0, 0, 5, 5, 25f / 100f)]
    [InlineData(10, 0, 20, 10, 0f)]
    [InlineData(20, 20, 30, 30, 0f)]
    [InlineData(-5, -5, 5, 5, 25f / 175f)]
    public void Intersection_over_union_against_the_unit_square_of_ten(float x1, float y1, float x2, float y2, float expected)
    {
        var reference = new BoundingBox(0, 0, 10, 10);
        var other = new BoundingBox(x1, y1, x2, y2);

        Assert.Equal(expected, reference.IntersectionOverUnion(other), 1e-6f);
        Assert.Equal(expected, other.IntersectionOverUnion(reference), 1e-6f);
    }

    [Fact]
    public void Intersection_over_union_of_boxes_without_area_is_zero()
    {
        var point = new BoundingBox(5, 5, 5, 5);
        var inverted = new BoundingBox(10, 10, 0, 0);

        Assert.Equal(0f, point.IntersectionOverUnion(point));
        Assert.Equal(0f, inverted.IntersectionOverUnion(new BoundingBox(0, 0, 10, 10)));
    }

    [Fact]
    public void Scale_multiplies_each_axis()
    {
        Assert.Equal(new BoundingBox(20, 5, 80, 15), new BoundingBox(10, 10, 40, 30).Scale(2f, 0.5f));
    }

    [Fact]
    public void Enclosing_is_the_smallest_box_around_the_points()
    {
        var box = BoundingBox.Enclosing([new ImagePoint(3, 9), new ImagePoint(-1, 4), new ImagePoint(7, 5)]);

        Assert.Equal(new BoundingBox(-1, 4, 7, 9), box);
        Assert.Equal(new BoundingBox(2, 3, 2, 3), BoundingBox.Enclosing([new ImagePoint(2, 3)]));
    }

    [Fact]
    public void Enclosing_rejects_empty_and_null()
    {
        Assert.Throws<ArgumentException>(() => BoundingBox.Enclosing([]));
        Assert.Throws<ArgumentNullException>(() => BoundingBox.Enclosing(null!));
    }

    [Fact]
    public void A_box_prints_as_x1_y1_x2_y2_in_any_culture()
    {
        var box = new BoundingBox(120f, 189.84f, 521.28f, 411.12f);
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // A culture that writes 189,84 (German, French, ...): the separator must not collide with the decimal comma.
            var decimalComma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            decimalComma.NumberFormat.NumberDecimalSeparator = ",";
            System.Globalization.CultureInfo.CurrentCulture = decimalComma;

            Assert.Equal("120,189.84,521.28,411.12", box.ToString());
            Assert.Equal("car: 120,189.84,521.28,411.12", $"car: {box}");
            // Hundredths of a pixel: float noise such as 413.03998 (860.5 / 1000 × 480 in float) prints as 413.04.
            Assert.Equal("-0.5,0,413.04,1000000", new BoundingBox(-0.5f, 0f, 860.5f / 1000f * 480f, 1e6f).ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
