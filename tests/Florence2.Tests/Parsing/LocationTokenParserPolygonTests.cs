namespace Florence2.Tests.Parsing;

public sealed class LocationTokenParserPolygonTests
{
    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;
    private static readonly ImageSize Size = new(1000, 500);

    private static string Locs(params int[] bins) => string.Concat(bins.Select(b => $"<loc_{b}>"));

    private static ImagePoint[] Points(params int[] bins) =>
        Enumerable.Range(0, bins.Length / 2).Select(i => Expected.Point(bins[2 * i], bins[(2 * i) + 1], Size)).ToArray();

    [Fact]
    public void Answer_without_poly_is_one_instance_with_an_empty_label()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(10, 20, 30, 20, 30, 40, 10, 40)}</s>");

        var segmentation = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false));

        Assert.Equal(string.Empty, segmentation.Label);
        var polygon = Assert.Single(segmentation.Polygons);
        Assert.Equal(Points(10, 20, 30, 20, 30, 40, 10, 40), polygon.Points);
        Assert.Equal(1f, segmentation.Score);
    }

    [Fact]
    public void Separated_parts_become_several_polygons_of_one_instance()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6)}<sep>{Locs(7, 8, 9, 10, 11, 12, 13, 14)}</s>");

        var segmentation = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false));

        Assert.Equal(2, segmentation.Polygons.Count);
        Assert.Equal(Points(1, 2, 3, 4, 5, 6), segmentation.Polygons[0].Points);
        Assert.Equal(Points(7, 8, 9, 10, 11, 12, 13, 14), segmentation.Polygons[1].Points);
    }

    [Fact]
    public void Odd_coordinate_count_drops_the_last_value()
    {
        var answer = AnswerTokens.FromText($"<s>{Locs(1, 2, 3, 4, 5, 6, 7)}</s>");

        var polygon = Assert.Single(Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons);

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), polygon.Points);
    }

    [Fact]
    public void Part_with_a_single_coordinate_is_dropped()
    {
        var answer = AnswerTokens.FromText($"<s>{Locs(9)}<sep>{Locs(1, 2, 3, 4, 5, 6)}</s>");

        var polygon = Assert.Single(Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons);

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), polygon.Points);
    }

    [Fact]
    public void Degenerate_polygons_with_one_or_two_points_are_kept()
    {
        var answer = AnswerTokens.FromText($"<s>{Locs(1, 2)}<sep>{Locs(3, 4, 5, 6)}</s>");

        var polygons = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons;

        Assert.Equal([1, 2], polygons.Select(p => p.Points.Count));
        Assert.All(polygons, p => Assert.Equal(0f, p.Area));
    }

    [Fact]
    public void Poly_groups_are_instances_that_share_their_phrase_label()
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
    public void Description_with_polygons_takes_the_label_before_each_polygon()
    {
        var answer = AnswerTokens.FromText($"<s>a red car{Locs(1, 2, 3, 4, 5, 6)}a tree{Locs(7, 8, 9, 10, 11, 12)}</s>");

        var segmentations = Parser.ParsePolygons(answer, Size, labelsRequired: true);

        Assert.Equal(["a red car", "a tree"], segmentations.Select(s => s.Label));
        Assert.Equal(Points(7, 8, 9, 10, 11, 12), Assert.Single(segmentations[1].Polygons).Points);
    }

    [Fact]
    public void Truncated_drops_the_open_last_polygon_and_keeps_the_closed_ones()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6)}<sep>{Locs(7, 8, 9, 10, 11)}", isTruncated: true);

        var polygon = Assert.Single(Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons);

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), polygon.Points);
    }

    [Fact]
    public void Not_truncated_keeps_the_last_polygon()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6)}<sep>{Locs(7, 8, 9, 10, 11)}</s>");

        var polygons = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false)).Polygons;

        Assert.Equal(Points(7, 8, 9, 10), polygons[1].Points);
    }

    [Fact]
    public void Truncated_single_polygon_with_nothing_after_it_leaves_no_instance()
    {
        var answer = AnswerTokens.FromText($"</s><s>{Locs(1, 2, 3, 4, 5, 6, 7, 8)}", isTruncated: true);

        Assert.Empty(Parser.ParsePolygons(answer, Size, labelsRequired: false));
    }

    [Fact]
    public void Truncated_polygons_closed_by_poly_end_or_followed_by_text_are_kept()
    {
        var answer = AnswerTokens.FromText(
            $"</s><s>car<poly>{Locs(1, 2, 3, 4, 5, 6)}</poly>tree{Locs(7, 8, 9, 10, 11, 12)}bu", isTruncated: true);

        var segmentations = Parser.ParsePolygons(answer, Size, labelsRequired: true);

        Assert.Equal(["car", "tree"], segmentations.Select(s => s.Label));
    }

    [Fact]
    public void Truncated_unclosed_last_poly_group_is_dropped()
    {
        var answer = AnswerTokens.FromText(
            $"</s><s>car<poly>{Locs(1, 2, 3, 4, 5, 6)}</poly><poly>{Locs(7, 8, 9, 10, 11, 12)}", isTruncated: true);

        var segmentation = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: true));

        Assert.Equal(Points(1, 2, 3, 4, 5, 6), Assert.Single(segmentation.Polygons).Points);
    }

    [Fact]
    public void Answer_without_locations_gives_no_segmentations()
    {
        var answer = AnswerTokens.FromText("</s><s>a car</s>");

        Assert.Empty(Parser.ParsePolygons(answer, Size, labelsRequired: false));
        Assert.Empty(Parser.ParsePolygons(answer, Size, labelsRequired: true));
        Assert.False(LocationTokenParser.HasPolygons(answer));
    }

    [Fact]
    public void To_mask_rasterizes_the_union_at_the_image_size()
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
