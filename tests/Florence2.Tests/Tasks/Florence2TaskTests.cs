namespace Florence2.Tests.Tasks;

/// <summary>
/// A task is one value: the factories give the spec's token, prompt and answer kind (spec 2.1), check their inputs
/// when the task is created, and build region prompts from the image size (spec 2.3).
/// </summary>
public sealed class Florence2TaskTests
{
    /// <summary>The spec's table 2.1, written out here from the spec: token, prompt (with the input given), answer kind.</summary>
    public static TheoryData<Florence2Task, string, string, AnswerKind> Catalog => new()
    {
        { Florence2Task.ReadText(), "<OCR>", "What is the text in the image?", AnswerKind.PureText },
        { Florence2Task.ReadTextWithRegions(), "<OCR_WITH_REGION>", "What is the text in the image, with regions?", AnswerKind.Ocr },
        { Florence2Task.Caption(), "<CAPTION>", "What does the image describe?", AnswerKind.PureText },
        { Florence2Task.Caption(CaptionDetail.Detailed), "<DETAILED_CAPTION>", "Describe in detail what is shown in the image.", AnswerKind.PureText },
        { Florence2Task.Caption(CaptionDetail.Paragraph), "<MORE_DETAILED_CAPTION>", "Describe with a paragraph what is shown in the image.", AnswerKind.PureText },
        { Florence2Task.DetectObjects(), "<OD>", "Locate the objects with category name in the image.", AnswerKind.DescriptionWithBoxes },
        { Florence2Task.CaptionRegions(), "<DENSE_REGION_CAPTION>", "Locate the objects in the image, with their descriptions.", AnswerKind.DescriptionWithBoxes },
        { Florence2Task.ProposeRegions(), "<REGION_PROPOSAL>", "Locate the region proposals in the image.", AnswerKind.Boxes },
        { Florence2Task.CaptionToPhraseGrounding("A red car."), "<CAPTION_TO_PHRASE_GROUNDING>", "Locate the phrases in the caption: A red car.", AnswerKind.PhraseGrounding },
        { Florence2Task.SegmentExpression("the car"), "<REFERRING_EXPRESSION_SEGMENTATION>", "Locate the car in the image with mask", AnswerKind.Polygons },
        { Florence2Task.DetectOpenVocabulary("a wheel"), "<OPEN_VOCABULARY_DETECTION>", "Locate a wheel in the image.", AnswerKind.DescriptionWithBoxesOrPolygons },
    };

    [Theory]
    [MemberData(nameof(Catalog))]
    public void Each_factory_gives_the_spec_token_prompt_and_answer_kind(Florence2Task task, string token, string prompt, AnswerKind kind)
    {
        Assert.Equal(token, task.Token);
        Assert.Equal(prompt, task.Prompt);
        Assert.Equal(kind, task.AnswerKind);
        Assert.Equal(token, task.TelemetryName);
        Assert.Null(task.Region);
    }

    [Fact]
    public void The_same_task_built_by_token_parses_the_same_way()
    {
        foreach (var (task, token, _, kind) in Catalog.Select(row => ((Florence2Task)row[0], (string)row[1], (string)row[2], (AnswerKind)row[3])))
        {
            var byToken = Florence2Task.FromToken(token, task.Text);
            Assert.Equal((task.Token, task.Text, task.Prompt, kind), (byToken.Token, byToken.Text, byToken.Prompt, byToken.AnswerKind));
        }
    }

    [Theory]
    [InlineData(TaskTokens.RegionToSegmentation, "What is the polygon mask of region <loc_52><loc_332><loc_932><loc_774>", AnswerKind.Polygons)]
    [InlineData(TaskTokens.RegionToCategory, "What is the region <loc_52><loc_332><loc_932><loc_774>?", AnswerKind.PureText)]
    [InlineData(TaskTokens.RegionToDescription, "What does the region <loc_52><loc_332><loc_932><loc_774> describe?", AnswerKind.PureText)]
    [InlineData(TaskTokens.RegionToOcr, "What text is in the region <loc_52><loc_332><loc_932><loc_774>?", AnswerKind.PureText)]
    public void A_region_prompt_is_built_from_the_image_size_as_the_spec_example_says(string token, string prompt, AnswerKind kind)
    {
        // Spec 2.3: box (33.6, 159.6, 596.8, 371.76) of a 640x480 image → <loc_52><loc_332><loc_932><loc_774>.
        var region = new BoundingBox(33.6f, 159.6f, 596.8f, 371.76f);
        var task = Florence2Task.FromToken(token, region: region);

        Assert.Null(task.Prompt);
        Assert.Equal(region, task.Region);
        Assert.Equal(kind, task.AnswerKind);
        Assert.Equal(prompt, task.PromptFor(new ImageSize(640, 480)));
    }

    [Fact]
    public void The_typed_region_factories_are_the_region_tasks()
    {
        var region = new BoundingBox(1, 2, 3, 4);
        Assert.Equal(TaskTokens.RegionToSegmentation, Florence2Task.SegmentRegion(region).Token);
        Assert.Equal(TaskTokens.RegionToCategory, Florence2Task.ClassifyRegion(region).Token);
        Assert.Equal(TaskTokens.RegionToDescription, Florence2Task.DescribeRegion(region).Token);
        Assert.Equal(TaskTokens.RegionToOcr, Florence2Task.ReadRegionText(region).Token);
        Assert.Equal(region, Florence2Task.ReadRegionText(region).Region);
    }

    [Fact]
    public void A_region_outside_the_image_is_refused_when_the_prompt_is_built()
    {
        var task = Florence2Task.DescribeRegion(new BoundingBox(10, 10, 700, 50));
        var error = Assert.Throws<InvalidRegionException>(() => task.PromptFor(new ImageSize(640, 480)));
        Assert.Equal(RegionProblem.OutsideImage, error.Problem);
    }

    [Theory]
    [InlineData(float.NaN, 0, 10, 10, RegionProblem.NotFinite)]
    [InlineData(10, 0, 5, 10, RegionProblem.Inverted)]
    [InlineData(5, 5, 5, 10, RegionProblem.Empty)]
    public void A_region_that_cannot_be_a_box_is_refused_when_the_task_is_created(float x1, float y1, float x2, float y2, RegionProblem problem)
    {
        var error = Assert.Throws<InvalidRegionException>(() => Florence2Task.SegmentRegion(new BoundingBox(x1, y1, x2, y2)));
        Assert.Equal(problem, error.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Free_text_inputs_must_say_something(string text)
    {
        Assert.Equal("caption", Assert.Throws<ArgumentException>(() => Florence2Task.CaptionToPhraseGrounding(text)).ParamName);
        Assert.Equal("expression", Assert.Throws<ArgumentException>(() => Florence2Task.SegmentExpression(text)).ParamName);
        Assert.Equal("objectName", Assert.Throws<ArgumentException>(() => Florence2Task.DetectOpenVocabulary(text)).ParamName);
    }

    [Fact]
    public void Custom_tasks_check_their_inputs_and_describe_themselves()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Florence2Task.Caption((CaptionDetail)42));
        Assert.Throws<ArgumentException>(() => Florence2Task.Custom(""));
        Assert.Throws<ArgumentOutOfRangeException>(() => Florence2Task.Custom("<X>", answerKind: (AnswerKind)42));
        Assert.Throws<ArgumentException>(() => Florence2Task.Custom(TaskTokens.Caption, "not allowed"));
        Assert.Throws<ArgumentException>(() => Florence2Task.Custom(TaskTokens.CaptionToPhraseGrounding));

        var docVqa = Florence2Task.Custom("<DocVQA>", "What is the total?", AnswerKind.DescriptionWithBoxes);
        Assert.Equal("<DocVQA>What is the total?", docVqa.Prompt);
        Assert.Equal("custom", docVqa.TelemetryName);
        Assert.Equal(AnswerKind.DescriptionWithBoxes, docVqa.AnswerKind);
        Assert.Equal("cars", Florence2Task.Custom(TaskTokens.CaptionToPhraseGrounding, "cars", AnswerKind.PhraseGrounding).Text);
    }

    [Fact]
    public void From_token_refuses_combinations_that_cannot_work()
    {
        var region = new BoundingBox(1, 2, 30, 40);
        Assert.Contains("only goes with the region tasks",
            Assert.Throws<ArgumentException>(() => Florence2Task.FromToken(TaskTokens.ObjectDetection, region: region)).Message, StringComparison.Ordinal);
        Assert.Contains("only goes with the region tasks",
            Assert.Throws<ArgumentException>(() => Florence2Task.FromToken("<DocVQA>", region: region)).Message, StringComparison.Ordinal);
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => Florence2Task.FromToken(TaskTokens.RegionToOcr, "x", region)).ParamName);
        Assert.Equal("answerKind",
            Assert.Throws<ArgumentException>(() => Florence2Task.FromToken(TaskTokens.ObjectDetection, answerKind: AnswerKind.Polygons)).ParamName);
        Assert.Throws<ArgumentException>(() => Florence2Task.FromToken(TaskTokens.Ocr, "text for a task without text"));

        Assert.Equal(AnswerKind.DescriptionWithBoxes, Florence2Task.FromToken(TaskTokens.ObjectDetection, answerKind: AnswerKind.DescriptionWithBoxes).AnswerKind);
        Assert.Equal(AnswerKind.PureText, Florence2Task.FromToken("<DocVQA>", "q").AnswerKind);
        Assert.Equal(AnswerKind.Ocr, Florence2Task.FromToken("<MyOcr>", answerKind: AnswerKind.Ocr).AnswerKind);
    }

    [Fact]
    public void Tasks_without_inputs_are_shared_values()
    {
        Assert.Same(Florence2Task.DetectObjects(), Florence2Task.DetectObjects());
        Assert.Same(Florence2Task.Caption(CaptionDetail.Detailed), Florence2Task.Caption(CaptionDetail.Detailed));
        Assert.Equal("<OD>", Florence2Task.DetectObjects().ToString());
        Assert.Equal("<OPEN_VOCABULARY_DETECTION> a wheel", Florence2Task.DetectOpenVocabulary("a wheel").ToString());
    }
}
