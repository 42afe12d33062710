using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests;

/// <summary>
/// An image encoded once answers several tasks: each result equals the result of a separate call on the original
/// image, the vision encoder runs once, and another model instance refuses the features.
/// </summary>
public sealed class Florence2ModelEncodeImageTests : IDisposable
{
    private static readonly TaskOptions Short = new() { Generation = new GenerationOptions { MaxNewTokens = 12 } };

    // Unscripted: random weights, so each task's prompt gives its own answer.
    private readonly TempModelFolder _random = new(new TinyModelOptions { Seed = 77 });

    public void Dispose() => _random.Dispose();

    public static TheoryData<int, int> Sizes => new() { { 640, 480 }, { 300, 700 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Tasks_on_an_encoded_image_equal_separate_calls(int width, int height)
    {
        using var model = Florence2Model.Load(_random.Path);
        var image = TestImages.Input(width, height, seed: 5);
        var region = new BoundingBox(width * 0.1f, height * 0.2f, width * 0.7f, height * 0.9f);

        var encoded = model.EncodeImage(image);

        Assert.Equal(new ImageSize(width, height), encoded.ImageSize);
        ResultAssert.Same(model.Caption(image, CaptionDetail.Detailed, Short), model.Caption(encoded, CaptionDetail.Detailed, Short));
        ResultAssert.Same(model.DetectObjects(image, Short), model.DetectObjects(encoded, Short));
        ResultAssert.Same(model.ReadTextWithRegions(image, Short), model.ReadTextWithRegions(encoded, Short));
        // Region prompts are quantized against the original size, which the encoded image keeps.
        ResultAssert.Same(model.DescribeRegion(image, region, Short), model.DescribeRegion(encoded, region, Short));
        ResultAssert.Same(model.SegmentRegion(image, region, Short), model.SegmentRegion(encoded, region, Short));
    }

    [Fact]
    public void Scripted_boxes_quads_and_polygons_match_separate_calls()
    {
        var answer = "car<loc_53><loc_333><loc_933><loc_774><loc_149><loc_584><loc_310><loc_773>";
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor(answer) });
        using var model = Florence2Model.Load(folder.Path);
        var image = TestImages.Input(640, 480);
        var encoded = model.EncodeImage(image);

        var detections = model.DetectObjects(encoded);
        Assert.Equal(2, detections.Detections.Count);
        ResultAssert.Same(model.DetectObjects(image), detections);
        ResultAssert.Same(model.ReadTextWithRegions(image), model.ReadTextWithRegions(encoded));
        ResultAssert.Same(model.SegmentExpression(image, "the car"), model.SegmentExpression(encoded, "the car"));
        ResultAssert.Same(model.ClassifyRegion(image, new BoundingBox(10, 20, 300, 400)), model.ClassifyRegion(encoded, new BoundingBox(10, 20, 300, 400)));
    }

    [Fact]
    public void Several_tasks_on_one_encoded_image_run_the_vision_encoder_once()
    {
        var (model, vision, _) = CountingStages.Open(_random.Path);
        using (model)
        {
            var encoded = model.EncodeImage(TestImages.Input(640, 480));
            Assert.Equal(1, vision.Runs);

            model.Caption(encoded, options: Short);
            model.DetectObjects(encoded, Short);
            model.ReadText(encoded, Short);
            var region = model.DescribeRegion(encoded, new BoundingBox(1, 2, 300, 400), Short);
            model.Generate(encoded, TaskTokens.RegionProposal, options: Short.Generation);

            Assert.Equal(1, vision.Runs);
            // The call did no vision work, so none is reported for it.
            Assert.Equal(TimeSpan.Zero, region.Generation!.Timings.Preprocessing);
            Assert.Equal(TimeSpan.Zero, region.Generation.Timings.VisionEncoder);

            model.Caption(TestImages.Input(640, 480), options: Short);
            Assert.Equal(2, vision.Runs);
        }
    }

    [Fact]
    public async Task Encoding_async_gives_the_same_features()
    {
        using var model = Florence2Model.Load(_random.Path);
        var image = TestImages.Input(320, 240);

        var encoded = await model.EncodeImageAsync(image);

        Assert.Equal(model.EncodeImage(image).Features.Values.ToArray(), encoded.Features.Values.ToArray());
        Assert.True(encoded.IsFrom(model));
    }

    [Fact]
    public void Another_model_instance_refuses_the_features()
    {
        using var first = Florence2Model.Load(_random.Path);
        using var second = Florence2Model.Load(_random.Path);
        var encoded = first.EncodeImage(TestImages.Input(320, 240));

        var error = Assert.Throws<ArgumentException>(() => second.Caption(encoded));
        Assert.Contains("different model instance", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => second.DescribeRegion(encoded, new BoundingBox(1, 1, 10, 10)));
        Assert.False(encoded.IsFrom(second));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        using var model = Florence2Model.Load(_random.Path);

        Assert.Throws<ArgumentNullException>(() => model.EncodeImage(null!));
        Assert.Throws<ArgumentNullException>(() => new EncodedImage(null!, model));
    }
}
