using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests;

/// <summary>
/// Every task through the real pipeline: a scripted model answers with location tokens, and the typed result must
/// hold the values computed here from the script, (bin + 0.5) / 1000 × size, on a square and a non-square image.
/// </summary>
public sealed class Florence2ModelExtensionsTests
{
    public static TheoryData<int, int> Sizes => new() { { 768, 768 }, { 640, 480 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Captions_at_three_levels_of_detail(int width, int height)
    {
        foreach (var (detail, answer) in new[]
        {
            (CaptionDetail.Brief, "a red car on a street"),
            (CaptionDetail.Detailed, "A red car is parked on a street in front of a house."),
            (CaptionDetail.Paragraph, "The image shows a red car. It is parked on a quiet street, next to a white house."),
        })
        {
            using var scripted = Scripted(answer, out _);
            var model = scripted.Model;
            var result = model.Caption(TestImages.Input(width, height), detail);
            Assert.Equal(answer, result.Text);
            Assert.Equal(new ImageSize(width, height), result.ImageSize);
            Assert.False(result.IsTruncated);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Ocr_gives_the_text(int width, int height)
    {
        using var scripted = Scripted("FLORENCE 2 ON DOTNET", out _);
        var model = scripted.Model;

        Assert.Equal("FLORENCE 2 ON DOTNET", model.ReadText(TestImages.Input(width, height)).Text);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Ocr_with_regions_gives_lines_with_quads(int width, int height)
    {
        int[] hello = [100, 200, 300, 200, 300, 250, 100, 250];
        int[] world = [400, 500, 700, 510, 690, 600, 395, 590];
        using var scripted = Scripted("HELLO" + Locs(hello) + "WORLD" + Locs(world), out _);
        var model = scripted.Model;

        var result = model.ReadTextWithRegions(TestImages.Input(width, height));

        Assert.Equal(["HELLO", "WORLD"], result.Lines.Select(l => l.Text));
        AssertPoints(hello, result.Lines[0].Quad.Points, width, height);
        AssertPoints(world, result.Lines[1].Quad.Points, width, height);
        Assert.All(result.Lines, l => Assert.InRange(l.Score, 0.99f, 1f));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Object_detection_gives_labelled_boxes(int width, int height)
    {
        // A phrase followed by 8 location tokens is two boxes with the same label.
        using var scripted = Scripted("car" + Locs(53, 333, 933, 774) + "wheel" + Locs(149, 584, 310, 773, 704, 576, 866, 772), out _);
        var model = scripted.Model;

        var result = model.DetectObjects(TestImages.Input(width, height));

        Assert.Equal(["car", "wheel", "wheel"], result.Detections.Select(d => d.Label));
        AssertBox([53, 333, 933, 774], result.Detections[0].Box, width, height);
        AssertBox([149, 584, 310, 773], result.Detections[1].Box, width, height);
        AssertBox([704, 576, 866, 772], result.Detections[2].Box, width, height);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Dense_region_captions_give_described_boxes(int width, int height)
    {
        using var scripted = Scripted("a red car" + Locs(10, 20, 500, 600) + "a black tire" + Locs(100, 550, 250, 700), out _);
        var model = scripted.Model;

        var result = model.CaptionRegions(TestImages.Input(width, height));

        Assert.Equal(["a red car", "a black tire"], result.Detections.Select(d => d.Label));
        AssertBox([10, 20, 500, 600], result.Detections[0].Box, width, height);
        AssertBox([100, 550, 250, 700], result.Detections[1].Box, width, height);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Region_proposals_give_unlabelled_boxes(int width, int height)
    {
        using var scripted = Scripted(Locs(1, 2, 3, 4, 10, 20, 998, 999), out _);
        var model = scripted.Model;

        var result = model.ProposeRegions(TestImages.Input(width, height));

        Assert.Equal(["", ""], result.Detections.Select(d => d.Label));
        AssertBox([1, 2, 3, 4], result.Detections[0].Box, width, height);
        AssertBox([10, 20, 998, 999], result.Detections[1].Box, width, height);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Phrase_grounding_gives_boxes_per_phrase(int width, int height)
    {
        using var scripted = Scripted("A red car" + Locs(52, 332, 932, 774) + "two wheels" + Locs(149, 584, 310, 773, 704, 576, 866, 772), out var script);
        var model = scripted.Model;

        var result = model.CaptionToPhraseGrounding(TestImages.Input(width, height), "A red car with two wheels.");

        Assert.Equal(["A red car", "two wheels"], result.Groundings.Select(g => g.Phrase));
        AssertBox([52, 332, 932, 774], result.Groundings[0].Boxes[0], width, height);
        Assert.Equal(2, result.Groundings[1].Boxes.Count);
        AssertBox([704, 576, 866, 772], result.Groundings[1].Boxes[1], width, height);
        Assert.Equal("Locate the phrases in the caption: A red car with two wheels.", result.Generation!.Prompt);
        Assert.Equal([2, 0, .. script, 2], result.Generation.GeneratedTokenIds);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Referring_expression_segmentation_gives_polygons(int width, int height)
    {
        int[] polygon = [100, 100, 400, 120, 420, 380, 90, 400];
        using var scripted = Scripted(Locs(polygon), out _);
        var model = scripted.Model;

        var result = model.SegmentExpression(TestImages.Input(width, height), "the red car");

        var segmentation = Assert.Single(result.Segmentations);
        AssertPoints(polygon, Assert.Single(segmentation.Polygons).Points, width, height);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Region_to_segmentation_quantizes_the_pixel_region_and_gives_polygons(int width, int height)
    {
        int[] first = [300, 300, 500, 310, 480, 520];
        int[] second = [600, 600, 700, 610, 690, 700, 605, 690];
        using var scripted = Scripted(Locs(first) + "<sep>" + Locs(second), out _);
        var model = scripted.Model;
        var region = new BoundingBox(0.25f * width, 0.3f * height, 0.75f * width, 0.8f * height);

        var result = model.SegmentRegion(TestImages.Input(width, height), region);

        Assert.Equal($"What is the polygon mask of region {RegionTokens(region, width, height)}", result.Generation!.Prompt);
        var segmentation = Assert.Single(result.Segmentations);
        Assert.Equal(2, segmentation.Polygons.Count);
        AssertPoints(first, segmentation.Polygons[0].Points, width, height);
        AssertPoints(second, segmentation.Polygons[1].Points, width, height);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Open_vocabulary_detection_gives_boxes(int width, int height)
    {
        using var scripted = Scripted("a green car" + Locs(52, 332, 932, 774), out _);
        var model = scripted.Model;

        var result = model.DetectOpenVocabulary(TestImages.Input(width, height), "a green car");

        var detection = Assert.Single(result.Detections);
        Assert.Equal("a green car", detection.Label);
        AssertBox([52, 332, 932, 774], detection.Box, width, height);
        Assert.Empty(result.Segmentations);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Open_vocabulary_detection_gives_polygons_when_the_answer_has_them(int width, int height)
    {
        int[] polygon = [100, 100, 400, 120, 420, 380];
        using var scripted = Scripted("a green car<poly>" + Locs(polygon) + "</poly>", out _);
        var model = scripted.Model;

        var result = model.DetectOpenVocabulary(TestImages.Input(width, height), "a green car");

        Assert.Empty(result.Detections);
        var segmentation = Assert.Single(result.Segmentations);
        Assert.Equal("a green car", segmentation.Label);
        AssertPoints(polygon, Assert.Single(segmentation.Polygons).Points, width, height);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Region_text_tasks_give_the_text_without_the_echoed_region(int width, int height)
    {
        var region = new BoundingBox(0.05f * width, 0.33f * height, 0.93f * width, 0.77f * height);
        var tokens = RegionTokens(region, width, height);

        using (var scripted = Scripted("car" + tokens, out _))
        {
            var model = scripted.Model;
            var result = model.ClassifyRegion(TestImages.Input(width, height), region);
            Assert.Equal("car", result.Text);
            Assert.Equal($"What is the region {tokens}?", result.Generation!.Prompt);
        }

        using (var scripted = Scripted("a red car parked outside" + tokens, out _))
        {
            var model = scripted.Model;
            Assert.Equal("a red car parked outside", model.DescribeRegion(TestImages.Input(width, height), region).Text);
        }

        using (var scripted = Scripted("STOP", out _))
        {
            var model = scripted.Model;
            var result = model.ReadRegionText(TestImages.Input(width, height), region);
            Assert.Equal("STOP", result.Text);
            Assert.Equal($"What text is in the region {tokens}?", result.Generation!.Prompt);
        }
    }

    [Fact]
    public void A_free_prompt_for_a_fine_tuned_model_is_sent_as_is_and_parsed_as_asked()
    {
        using var scripted = Scripted("invoice" + Locs(10, 10, 500, 300), out _);
        var model = scripted.Model;
        var image = TestImages.Input(640, 480);

        var text = Assert.IsType<TextResult>(model.RunCustomTask(image, "<DocVQA>", "What is this?"));
        var boxes = Assert.IsType<DetectionResult>(model.RunCustomTask(image, "<DocVQA>", "Where is it?", AnswerKind.DescriptionWithBoxes));

        Assert.Equal("<DocVQA>What is this?", text.Generation!.Prompt);
        Assert.Equal("invoice<loc_10><loc_10><loc_500><loc_300>", text.Text);
        Assert.Equal("invoice", Assert.Single(boxes.Detections).Label);
        AssertBox([10, 10, 500, 300], boxes.Detections[0].Box, 640, 480);
    }

    [Fact]
    public void A_truncated_answer_says_so_and_drops_the_partial_box()
    {
        using var scripted = Scripted("car" + Locs(53, 333, 933, 774) + "wheel" + Locs(149, 584, 310, 773), out _);
        var model = scripted.Model;

        // 1 (<s>) + 1 (car) + 4 locs + 1 (wheel) + 2 locs, then the forced </s>: the second box is cut short.
        var result = model.DetectObjects(TestImages.Input(640, 480), new TaskOptions { Generation = new GenerationOptions { MaxNewTokens = 10 } });

        Assert.True(result.IsTruncated);
        var detection = Assert.Single(result.Detections);
        Assert.Equal("car", detection.Label);
    }

    [Fact]
    public void Regions_that_do_not_fit_the_image_are_refused_with_the_reason()
    {
        using var scripted = Scripted("car", out _);
        var model = scripted.Model;
        var image = TestImages.Input(640, 480);

        Assert.Equal(RegionProblem.OutsideImage, Assert.Throws<InvalidRegionException>(() => model.ClassifyRegion(image, new BoundingBox(10, 10, 641, 100))).Problem);
        Assert.Equal(RegionProblem.Inverted, Assert.Throws<InvalidRegionException>(() => model.ClassifyRegion(image, new BoundingBox(100, 10, 50, 100))).Problem);
        Assert.Equal(RegionProblem.Empty, Assert.Throws<InvalidRegionException>(() => model.ClassifyRegion(image, new BoundingBox(10, 10, 10, 100))).Problem);
        Assert.Equal(RegionProblem.NotFinite, Assert.Throws<InvalidRegionException>(() => model.ClassifyRegion(image, new BoundingBox(float.NaN, 10, 20, 100))).Problem);
        Assert.Equal(RegionProblem.OutsideImage, Assert.Throws<InvalidRegionException>(() => model.SegmentRegion(image, new BoundingBox(-1, 0, 20, 100))).Problem);
    }

    [Fact]
    public void A_minimum_score_filters_weak_items()
    {
        using var scripted = Scripted("car" + Locs(53, 333, 933, 774), out _);
        var model = scripted.Model;
        var image = TestImages.Input(640, 480);

        Assert.Single(model.DetectObjects(image, new TaskOptions { MinimumScore = 0.5f }).Detections);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.DetectObjects(image, new TaskOptions { MinimumScore = 1.5f }));
    }

    private static ScriptedModel Scripted(string answer, out int[] script)
    {
        script = TestModelFolder.ScriptFor(answer);
        return new ScriptedModel(new TempModelFolder(new TinyModelOptions { Script = script }));
    }

    private static string Locs(params int[] bins) => string.Concat(bins.Select(b => $"<loc_{b}>"));

    private static float Px(int bin, int size) => (bin + 0.5f) / 1000f * size;

    private static string RegionTokens(BoundingBox r, int width, int height)
    {
        int Bin(double v, int size) => Math.Clamp((int)Math.Floor(v / (size / 1000.0)), 0, 999);
        return Locs(Bin(r.X1, width), Bin(r.Y1, height), Bin(r.X2, width), Bin(r.Y2, height));
    }

    private static void AssertBox(int[] bins, BoundingBox box, int width, int height)
    {
        Assert.Equal(Px(bins[0], width), box.X1, 3);
        Assert.Equal(Px(bins[1], height), box.Y1, 3);
        Assert.Equal(Px(bins[2], width), box.X2, 3);
        Assert.Equal(Px(bins[3], height), box.Y2, 3);
    }

    private static void AssertPoints(int[] bins, IReadOnlyList<ImagePoint> points, int width, int height)
    {
        Assert.Equal(bins.Length / 2, points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            Assert.Equal(Px(bins[2 * i], width), points[i].X, 3);
            Assert.Equal(Px(bins[(2 * i) + 1], height), points[i].Y, 3);
        }
    }

    /// <summary>A loaded scripted model and its temp folder, disposed together.</summary>
    private sealed class ScriptedModel(TempModelFolder folder) : IDisposable
    {
        public Florence2Model Model { get; } = Florence2Model.Load(folder.Path);

        public void Dispose()
        {
            Model.Dispose();
            folder.Dispose();
        }
    }
}
