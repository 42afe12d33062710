namespace Florence2.Tests.Parsing;

public sealed class LocationTokenParserBoxTests
{
    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;
    private static readonly ImageSize Car = new(640, 480);

    [Fact]
    public void Car_door_wheel_gives_the_spec_boxes_and_labels()
    {
        // Spec 3.1 worked example (transformers.js processor test), including the repeated <s>.
        const string text = "</s><s><s><s>car<loc_53><loc_333><loc_933><loc_774>door<loc_712><loc_203><loc_906><loc_545>"
            + "wheel<loc_704><loc_576><loc_866><loc_772><loc_149><loc_584><loc_310><loc_773></s>";

        var detections = Parser.ParseBoxes(AnswerTokens.FromText(text), Car, labelsRequired: true);

        Assert.Equal(["car", "door", "wheel", "wheel"], detections.Select(d => d.Label));
        Expected.Near([34.24f, 160.08f, 597.44f, 371.76f], detections[0].Box);
        Expected.Near([456.0f, 97.68f, 580.16f, 261.84f], detections[1].Box);
        Expected.Near([450.88f, 276.72f, 554.56f, 370.8f], detections[2].Box);
        Expected.Near([95.68f, 280.56f, 198.72f, 371.28f], detections[3].Box);
        Assert.Equal(Expected.Box(53, 333, 933, 774, Car), detections[0].Box);
        Assert.Equal(Expected.Box(149, 584, 310, 773, Car), detections[3].Box);
        Assert.All(detections, d => Assert.Equal(1f, d.Score));
    }

    [Fact]
    public void Open_vocabulary_notebook_example_gives_the_notebook_box()
    {
        // Notebook: {'bboxes': [[34.24, 158.64, 582.08, 374.16]], 'bboxes_labels': ['a green car']} for 640x480;
        // 34.24 / 0.64 = 53.5, 158.64 / 0.48 = 330.5, 582.08 / 0.64 = 909.5, 374.16 / 0.48 = 779.5 are bin centres.
        var answer = AnswerTokens.FromText("</s><s>a green car<loc_53><loc_330><loc_909><loc_779></s>");

        Assert.False(LocationTokenParser.HasPolygons(answer));
        var detection = Assert.Single(Parser.ParseBoxes(answer, Car, labelsRequired: true));
        Assert.Equal("a green car", detection.Label);
        Expected.Near([34.24f, 158.64f, 582.08f, 374.16f], detection.Box);
    }

    [Fact]
    public void Region_proposals_give_every_group_of_four_with_an_empty_label()
    {
        var answer = AnswerTokens.FromText("</s><s><loc_1><loc_2><loc_3><loc_4><loc_10><loc_20><loc_30><loc_40><loc_7></s>");

        var detections = Parser.ParseBoxes(answer, Car, labelsRequired: false);

        Assert.Equal(2, detections.Count);
        Assert.All(detections, d => Assert.Equal(string.Empty, d.Label));
        Assert.Equal(Expected.Box(1, 2, 3, 4, Car), detections[0].Box);
        Assert.Equal(Expected.Box(10, 20, 30, 40, Car), detections[1].Box);
    }

    [Fact]
    public void Phrase_with_eight_locations_gives_two_boxes_with_the_same_label()
    {
        var answer = AnswerTokens.FromText("<s>wheel<loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8><loc_9></s>");

        var detections = Parser.ParseBoxes(answer, Car, labelsRequired: true);

        Assert.Equal(2, detections.Count);
        Assert.All(detections, d => Assert.Equal("wheel", d.Label));
        Assert.Equal(Expected.Box(5, 6, 7, 8, Car), detections[1].Box);
    }

    [Fact]
    public void Leading_location_run_without_text_is_skipped_and_does_not_leak_into_the_next_label()
    {
        // Python labels the second phrase "loc_4>car" ([^<]+ starts inside the tag); the label here is clean.
        var answer = AnswerTokens.FromText("<s><loc_1><loc_2><loc_3><loc_4>car<loc_5><loc_6><loc_7><loc_8></s>");

        var detection = Assert.Single(Parser.ParseBoxes(answer, Car, labelsRequired: true));

        Assert.Equal("car", detection.Label);
        Assert.Equal(Expected.Box(5, 6, 7, 8, Car), detection.Box);
    }

    [Fact]
    public void Location_run_without_any_text_gives_nothing_when_labels_are_required()
    {
        var answer = AnswerTokens.FromText("<s><loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8><loc_9></s>");

        Assert.Empty(Parser.ParseBoxes(answer, Car, labelsRequired: true));
    }

    [Fact]
    public void Labels_are_trimmed_and_keep_case_and_non_ascii_characters()
    {
        var answer = AnswerTokens.FromText("<s>  Café crème <loc_1><loc_2><loc_3><loc_4> 東京タワー<loc_5><loc_6><loc_7><loc_8></s>");

        var detections = Parser.ParseBoxes(answer, Car, labelsRequired: true);

        Assert.Equal(["Café crème", "東京タワー"], detections.Select(d => d.Label));
    }

    [Fact]
    public void Obj_and_ground_markers_are_removed()
    {
        var answer = AnswerTokens.FromText("<s>car<obj><loc_1><loc_2><loc_3><loc_4><ground>dog<loc_5><loc_6><loc_7><loc_8></s>");

        var detections = Parser.ParseBoxes(answer, Car, labelsRequired: true);

        Assert.Equal(["car", "dog"], detections.Select(d => d.Label));
    }

    [Fact]
    public void Pad_tokens_are_ignored()
    {
        var answer = AnswerTokens.FromText("</s><s>car<loc_1><loc_2><loc_3><loc_4></s><pad><pad>");

        var detection = Assert.Single(Parser.ParseBoxes(answer, Car, labelsRequired: true));

        Assert.Equal("car", detection.Label);
    }

    [Fact]
    public void Bins_past_the_last_are_clamped_inside_the_image()
    {
        var answer = AnswerTokens.FromText("<s>big<loc_1500><loc_0999><loc_99999999999999999999><loc_1000></s>");

        var detection = Assert.Single(Parser.ParseBoxes(answer, Car, labelsRequired: true));

        Assert.Equal(Expected.Box(999, 999, 999, 999, Car), detection.Box);
        Assert.True(detection.Box.X2 < Car.Width && detection.Box.Y2 < Car.Height);
    }

    [Theory]
    [InlineData("</s><s>a car parked on the street</s>")]
    [InlineData("")]
    [InlineData("<s><s><s></s>")]
    [InlineData("car<loc_1><loc_2><loc_3></s>")]
    public void Answers_without_four_locations_give_no_boxes(string text)
    {
        var answer = AnswerTokens.FromText(text);

        Assert.Empty(Parser.ParseBoxes(answer, Car, labelsRequired: true));
        Assert.Empty(Parser.ParseBoxes(answer, Car, labelsRequired: false));
    }

    [Fact]
    public void Clean_up_of_tokenization_spaces_applies_to_labels_when_enabled()
    {
        const string text = "<s>a man 's hat , red<loc_1><loc_2><loc_3><loc_4></s>";

        var cleaned = Parser.ParseBoxes(AnswerTokens.FromText(text, cleanUpTokenizationSpaces: true), Car, labelsRequired: true);
        var raw = Parser.ParseBoxes(AnswerTokens.FromText(text), Car, labelsRequired: true);

        Assert.Equal("a man's hat, red", Assert.Single(cleaned).Label);
        Assert.Equal("a man 's hat , red", Assert.Single(raw).Label);
    }

    [Fact]
    public void Truncated_answer_keeps_only_complete_boxes()
    {
        var answer = AnswerTokens.FromText("</s><s>car<loc_1><loc_2><loc_3><loc_4>door<loc_5><loc_6><loc_7>", isTruncated: true);

        var detection = Assert.Single(Parser.ParseBoxes(answer, Car, labelsRequired: true));

        Assert.Equal("car", detection.Label);
    }

    [Fact]
    public void Label_with_a_newline_inside_is_skipped_as_in_python()
    {
        // The label pattern's '.' does not cross a newline, so Python finds no label and skips the phrase.
        var answer = AnswerTokens.FromText("<s>a\nb<loc_1><loc_2><loc_3><loc_4>\ncar<loc_5><loc_6><loc_7><loc_8></s>");

        var detection = Assert.Single(Parser.ParseBoxes(answer, Car, labelsRequired: true));

        Assert.Equal("car", detection.Label);
    }

    [Fact]
    public void Non_positive_image_size_is_rejected()
    {
        var answer = AnswerTokens.FromText("car<loc_1><loc_2><loc_3><loc_4>");

        Assert.Throws<ArgumentOutOfRangeException>(() => Parser.ParseBoxes(answer, new ImageSize(0, 10), labelsRequired: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Parser.ParseOcr(answer, new ImageSize(10, -1)));
    }
}
