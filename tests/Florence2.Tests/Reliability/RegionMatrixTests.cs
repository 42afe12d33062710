namespace Florence2.Tests.Reliability;

/// <summary>The region rows of the bad-input matrix (docs/reliability.md), on a 64×64 image.</summary>
public sealed class RegionMatrixTests(SmallModel small) : IClassFixture<SmallModel>
{
    public static TheoryData<float, float, float, float, RegionProblem, string> BadRegions => new()
    {
        { -1f, 0f, 10f, 10f, RegionProblem.OutsideImage, "reaches outside the 64×64 image" },
        { 0f, 0f, 65f, 10f, RegionProblem.OutsideImage, "reaches outside the 64×64 image" },
        { 70f, 70f, 80f, 80f, RegionProblem.OutsideImage, "reaches outside the 64×64 image" },
        { 10f, 0f, 5f, 10f, RegionProblem.Inverted, "is inverted" },
        { 0f, 10f, 10f, 5f, RegionProblem.Inverted, "is inverted" },
        { 5f, 5f, 5f, 10f, RegionProblem.Empty, "is empty" },
        { 5f, 5f, 10f, 5f, RegionProblem.Empty, "is empty" },
        { float.NaN, 0f, 10f, 10f, RegionProblem.NotFinite, "not a finite number" },
        { 0f, 0f, float.PositiveInfinity, 10f, RegionProblem.NotFinite, "not a finite number" },
        { 0f, float.NegativeInfinity, 10f, 10f, RegionProblem.NotFinite, "not a finite number" },
    };

    [Theory]
    [MemberData(nameof(BadRegions))]
    public void A_bad_region_is_refused_with_its_problem(float x1, float y1, float x2, float y2, RegionProblem problem, string text)
    {
        var region = new BoundingBox(x1, y1, x2, y2);

        var e = Assert.Throws<InvalidRegionException>(() => small.Model.DescribeRegion(SmallModel.Image(), region));

        Assert.Equal(problem, e.Problem);
        Assert.Equal(region, e.Region);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_image_is_a_valid_region()
    {
        var result = small.Model.ClassifyRegion(SmallModel.Image(), new BoundingBox(0, 0, 64, 64));

        // floor(x / (64 / 1000)) clamped to [0, 999] (spec section 2.3): 0, 0, 999, 999.
        Assert.EndsWith("<loc_0><loc_0><loc_999><loc_999>?", result.Generation!.Prompt, StringComparison.Ordinal);
    }
}
