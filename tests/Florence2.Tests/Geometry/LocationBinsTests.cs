namespace Florence2.Tests.Geometry;

public sealed class LocationBinsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(403)]
    [InlineData(640)]
    [InlineData(4096)]
    public void To_pixel_is_the_bin_centre_formula_for_every_bin(int size)
    {
        for (int bin = 0; bin < LocationBins.Count; bin++)
        {
            float expected = (bin + 0.5f) / 1000f * size;
            Assert.Equal(expected, LocationBins.ToPixel(bin, size));
            Assert.InRange(LocationBins.ToPixel(bin, size), 0f, size);
        }
    }

    [Fact]
    public void To_pixel_clamps_bins_outside_the_range()
    {
        Assert.Equal(LocationBins.ToPixel(999, 640), LocationBins.ToPixel(1500, 640));
        Assert.Equal(LocationBins.ToPixel(0, 640), LocationBins.ToPixel(-3, 640));
        Assert.Throws<ArgumentOutOfRangeException>(() => LocationBins.ToPixel(1, 0));
    }

    [Theory]
    [InlineData(0.0, 640, 0)]
    [InlineData(640.0, 640, 999)]
    [InlineData(480.0, 480, 999)]
    [InlineData(33.6, 640, 52)]
    [InlineData(159.6, 480, 332)]
    [InlineData(596.8, 640, 932)]
    [InlineData(371.76, 480, 774)]
    [InlineData(0.63, 640, 0)]
    [InlineData(0.64, 640, 1)]
    [InlineData(-0.001, 640, 0)]
    [InlineData(-100.0, 640, 0)]
    [InlineData(10_000.0, 640, 999)]
    [InlineData(0.0, 1, 0)]
    [InlineData(0.5, 1, 500)]
    [InlineData(0.9995, 1, 999)]
    [InlineData(1.0, 1, 999)]
    [InlineData(double.NegativeInfinity, 1, 0)]
    [InlineData(double.PositiveInfinity, 1, 999)]
    public void From_pixel_floors_and_clamps(double coordinate, int size, int expected)
    {
        Assert.Equal(expected, LocationBins.FromPixel(coordinate, size));
    }

    [Fact]
    public void From_pixel_rejects_NaN_and_non_positive_sizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LocationBins.FromPixel(double.NaN, 640));
        Assert.Throws<ArgumentOutOfRangeException>(() => LocationBins.FromPixel(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LocationBins.FromPixel(1, -5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(640)]
    [InlineData(3000)]
    public void Bin_centres_quantize_back_to_their_bin(int size)
    {
        for (int bin = 0; bin < LocationBins.Count; bin++)
        {
            Assert.Equal(bin, LocationBins.FromPixel(LocationBins.ToPixel(bin, size), size));
        }
    }

    [Fact]
    public void Region_tokens_give_the_notebook_region()
    {
        // Spec 2.3: (33.6, 159.6, 596.8, 371.76) on 640x480 is the notebook's REGION_TO_CATEGORY input.
        string tokens = LocationBins.RegionTokens(new BoundingBox(33.6f, 159.6f, 596.8f, 371.76f), new ImageSize(640, 480));

        Assert.Equal("<loc_52><loc_332><loc_932><loc_774>", tokens);
    }

    [Fact]
    public void Region_tokens_clamp_regions_outside_the_image()
    {
        string tokens = LocationBins.RegionTokens(new BoundingBox(-10, -10, 5000, 5000), new ImageSize(100, 50));

        Assert.Equal("<loc_0><loc_0><loc_999><loc_999>", tokens);
    }
}
