namespace Florence2.Tests.Parsing;

public sealed class LocationScoreTests
{
    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;
    private static readonly ImageSize Size = new(640, 480);

    private static float ExpMean(params float[] logProbs) => (float)Math.Exp(logProbs.Select(p => (double)p).Average());

    [Fact]
    public void Box_score_is_exp_of_the_mean_of_its_four_location_tokens()
    {
        var answer = new TokenBuilder()
            .Add("</s>", -0.01f).Add("<s>", -0.02f).Add("car", -3f)
            .Add("<loc_53>", -0.1f).Add("<loc_333>", -0.2f).Add("<loc_933>", -0.3f).Add("<loc_774>", -0.4f)
            .Add("door", -2f)
            .Add("<loc_712>", -1f).Add("<loc_203>", -0.5f).Add("<loc_906>", -0.25f).Add("<loc_545>", -0.125f)
            .Add("</s>", -0.05f)
            .Build();

        var detections = Parser.ParseBoxes(answer, Size, labelsRequired: true);

        Assert.Equal(ExpMean(-0.1f, -0.2f, -0.3f, -0.4f), detections[0].Score, 1e-6f);
        Assert.Equal(ExpMean(-1f, -0.5f, -0.25f, -0.125f), detections[1].Score, 1e-6f);
    }

    [Fact]
    public void Tokens_that_only_partly_overlap_the_locations_count()
    {
        // The first token ends inside "<loc_53>", so it overlaps the box's characters; "car" alone would not.
        var answer = new TokenBuilder()
            .Add("<s>ca", -5f).Add("r<lo", -1f).Add("c_53><loc_333>", -2f).Add("<loc_933>", -3f).Add("<loc_774></s>", -4f)
            .Build();

        var detection = Assert.Single(Parser.ParseBoxes(answer, Size, labelsRequired: true));

        Assert.Equal("car", detection.Label);
        Assert.Equal(ExpMean(-1f, -2f, -3f, -4f), detection.Score, 1e-6f);
    }

    [Fact]
    public void Markers_between_location_tokens_do_not_count()
    {
        var answer = new TokenBuilder()
            .Add("car", -1f).Add("<loc_1>", -0.5f).Add("<pad>", -9f).Add("<loc_2>", -0.5f).Add("<loc_3>", -0.5f).Add("<loc_4>", -1.5f)
            .Build();

        var detection = Assert.Single(Parser.ParseBoxes(answer, Size, labelsRequired: true));

        Assert.Equal(ExpMean(-0.5f, -0.5f, -0.5f, -1.5f), detection.Score, 1e-6f);
    }

    [Fact]
    public void Ocr_score_uses_the_eight_location_tokens()
    {
        var builder = new TokenBuilder().Add("</s><s>", -0.1f).Add("CUDA", -2f);
        float[] logProbs = [-0.1f, -0.2f, -0.3f, -0.4f, -0.5f, -0.6f, -0.7f, -0.8f];
        for (int i = 0; i < 8; i++)
        {
            builder.Add($"<loc_{(i + 1) * 10}>", logProbs[i]);
        }

        var line = Assert.Single(Parser.ParseOcr(builder.Add("</s>", -3f).Build(), Size));

        Assert.Equal(ExpMean(logProbs), line.Score, 1e-6f);
    }

    [Fact]
    public void Grounding_scores_are_one_per_box()
    {
        var answer = new TokenBuilder()
            .Add("wheels", -1f)
            .Add("<loc_1>", -0.1f).Add("<loc_2>", -0.1f).Add("<loc_3>", -0.1f).Add("<loc_4>", -0.1f)
            .Add("<loc_5>", -2f).Add("<loc_6>", -2f).Add("<loc_7>", -1f).Add("<loc_8>", -1f)
            .Build();

        var grounding = Assert.Single(Parser.ParseGroundings(answer, Size));

        Assert.Equal(ExpMean(-0.1f, -0.1f, -0.1f, -0.1f), grounding.Scores[0], 1e-6f);
        Assert.Equal(ExpMean(-2f, -2f, -1f, -1f), grounding.Scores[1], 1e-6f);
    }

    [Fact]
    public void Segmentation_score_is_the_mean_over_all_its_polygons_coordinates()
    {
        var answer = new TokenBuilder()
            .Add("<loc_1>", -0.1f).Add("<loc_2>", -0.2f).Add("<loc_3>", -0.3f).Add("<loc_4>", -0.4f)
            .Add("<sep>", -7f)
            .Add("<loc_5>", -0.5f).Add("<loc_6>", -0.6f).Add("<loc_7>", -8f)
            .Build();

        var segmentation = Assert.Single(Parser.ParsePolygons(answer, Size, labelsRequired: false));

        // <loc_7> is the unpaired last value: dropped with its coordinate.
        Assert.Equal(ExpMean(-0.1f, -0.2f, -0.3f, -0.4f, -0.5f, -0.6f), segmentation.Score, 1e-6f);
    }

    [Fact]
    public void Very_unlikely_tokens_give_scores_that_stay_in_range()
    {
        var answer = new TokenBuilder()
            .Add("x", 0f).Add("<loc_1>", float.NegativeInfinity).Add("<loc_2>", -1e30f).Add("<loc_3>", 0f).Add("<loc_4>", 1e-7f)
            .Build();

        var detection = Assert.Single(Parser.ParseBoxes(answer, Size, labelsRequired: true));

        Assert.Equal(0f, detection.Score);
    }
}
