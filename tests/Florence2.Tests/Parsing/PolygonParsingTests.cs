namespace Florence2.Tests.Parsing;

public sealed class PolygonParsingTests
{
    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;
    private static readonly ImageSize Size = new(1000, 500);

    private static string Locs(params int[] bins) => string.Concat(bins.Select(b => $"<loc_{b}>"));

    private static ImagePoint[] Points(params int[] bins) =>
        Enumerable.Range(0, bins.Length / 2).Select(i => Expected.Point(bins[2 * i], bins[(2 * i) + 1], Size)).ToArray();

    [Fact]
    public void AnswerWithoutPoly_IsOneInstanceWithAnEmptyLabel()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(10, 20, 30, 20, 30, 40, 10, 40)}</s>");

        var segmentation = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false));

        Assert.Equal(string.Empty, segmentation.Label);
        var polygon = Assert.Single(segmentation.Polygons);
        Assert.Equal(Points(10, 20, 30, 20, 30, 40, 10, 40), polygon.Points);
        Assert.Equal(1f, segmentation.Score);
    }

    [Fact]
    public void SeparatedParts_BecomeSeveralPolygonsOfOneInstance()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6)}<sep>{Locs(7, 8, 9, 10, 11, 12, 13, 14)}</s>");

        var segmentation = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false));

        Assert.Equal(2, segmentation.Polygons.Count);
        Assert.Equal(Points(1, 2, 3, 4, 5, 6), segmentation.Polygons[0].Points);
        Assert.Equal(Points(7, 8, 9, 10, 11, 12, 13, 14), segmentation.Polygons[1].Points);
    }

    [Fact]
    public void OddCoordinateCount_DropsTheLastValue()
    {
        var answer = AnswerTokens.FromText($"<s>{Locs(1, 2, 3, 4, 5, 6, 7)}</s>");

        var polygon = Assert.Single(Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons);

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), polygon.Points);
    }

    [Fact]
    public void PartWithASingleCoordinate_IsDropped()
    {
        var answer = AnswerTokens.FromText($"<s>{Locs(9)}<sep>{Locs(1, 2, 3, 4, 5, 6)}</s>");

        var polygon = Assert.Single(Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons);

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), polygon.Points);
    }

    [Fact]
    public void DegeneratePolygonsWithOneOrTwoPoints_AreKept()
    {
        var answer = AnswerTokens.FromText($"<s>{Locs(1, 2)}<sep>{Locs(3, 4, 5, 6)}</s>");

        var polygons = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons;

        Assert.Equal([1, 2], polygons.Select(p => p.Points.Count));
        Assert.All(polygons, p => Assert.Equal(0f, p.Area));
    }

    [Fact]
    public void PolyGroups_AreInstancesThatShareTheirPhraseLabel()
    {
        var answer = AnswerTokens.FromText(
            $"</s><s>car<poly>{Locs(1, 2, 3, 4, 5, 6)}</poly><poly>{Locs(7, 8, 9, 10, 11, 12)}<sep>{Locs(13, 14, 15, 16, 17, 18)}</poly>"
            + $" dog <poly>{Locs(20, 21, 22, 23, 24, 25)}</poly></s>");

        Assert.True(LocationTokenParser.HasPolygons(answer));
        var segmentations = Parser.ParsePolygons(answer, Size, labelsRequired: true);

        Assert.Equal(["car", "car", "dog"], segmentations.Select(s => s.Label));
        Assert.Equal([1, 2, 1], segmentations.Select(s => s.Polygons.Count));
        Assert.Equal(Points(13, 14, 15, 16, 17, 18), segmentations[1].Polygons[1].Points);
        Assert.Equal(Points(20, 21, 22, 23, 24, 25), segmentations[2].Polygons[0].Points);
    }

    [Fact]
    public void DescriptionWithPolygons_TakesTheLabelBeforeEachPolygon()
    {
        var answer = AnswerTokens.FromText($"<s>a red car{Locs(1, 2, 3, 4, 5, 6)}a tree{Locs(7, 8, 9, 10, 11, 12)}</s>");

        var segmentations = Parser.ParsePolygons(answer, Size, labelsRequired: true);

        Assert.Equal(["a red car", "a tree"], segmentations.Select(s => s.Label));
        Assert.Equal(Points(7, 8, 9, 10, 11, 12), Assert.Single(segmentations[1].Polygons).Points);
    }

    [Fact]
    public void Truncated_DropsTheOpenLastPolygonAndKeepsTheClosedOnes()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6)}<sep>{Locs(7, 8, 9, 10, 11)}", isTruncated: true);

        var polygon = Assert.Single(Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons);

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), polygon.Points);
    }

    [Fact]
    public void NotTruncated_KeepsTheLastPolygon()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6)}<sep>{Locs(7, 8, 9, 10, 11)}</s>");

        var polygons = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons;

        Assert.Equal(Points(7, 8, 9, 10), polygons[1].Points);
    }

    [Fact]
    public void Truncated_SinglePolygonWithNothingAfterIt_LeavesNoInstance()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6, 7, 8)}", isTruncated: true);

        Assert.Empty(Parser.ParsePolygons(answer, Size, labelsRequired: false));
    }

    [Fact]
    public void Truncated_PolygonsClosedByPolyEndOrFollowedByText_AreKept()
    {
        var answer = AnswerTokens.FromText(
            $"</s><s>car<poly>{Locs(1, 2, 3, 4, 5, 6)}</poly>tree{Locs(7, 8, 9, 10, 11, 12)}bu", isTruncated: true);

        var segmentations = Parser.ParsePolygons(answer, Size, labelsRequired: true);

        Assert.Equal(["car", "tree"], segmentations.Select(s => s.Label));
    }

    [Fact]
    public void Truncated_UnclosedLastPolyGroup_IsDropped()
    {
        var answer = AnswerTokens.FromText(
            $"</s><s>car<poly>{Locs(1, 2, 3, 4, 5, 6)}</poly><poly>{Locs(7, 8, 9, 10, 11, 12)}", isTruncated: true);

        var segmentation = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: true));

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), Assert.Single(segmentation.Polygons).Points);
    }

    [Fact]
    public void AnswerWithoutLocations_GivesNoSegmentations()
    {
        var answer = AnswerTokens.FromText("</s><s>a car</s>");

        Assert.Empty(Parser.ParsePolygons(answer, Size, labelsRequired: false));
        Assert.Empty(Parser.ParsePolygons(answer, Size, labelsRequired: true));
        Assert.False(LocationTokenParser.HasPolygons(answer));
    }

    [Fact]
    public void ToMask_RasterizesTheUnionAtTheImageSize()
    {
        var answer = AnswerTokens.FromText($"<s>{Locs(100, 100, 300, 100, 300, 300, 100, 300)}</s>");
        var segmentation = Assert.Single(Parser.ParsePolygons(answer, new ImageSize(100, 100), labelsRequired: false));

        var mask = segmentation.ToMask(new ImageSize(100, 100));

        // Bin centres 10.05 and 30.05: pixel centres 10.5 .. 29.5 are inside on both axes.
        Assert.Equal(20 * 20, mask.Count);
        Assert.True(mask[10, 10]);
        Assert.False(mask[30, 30]);
    }
}
