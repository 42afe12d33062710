using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests;

/// <summary>
/// <see cref="Florence2Model.RunBatchAsync{TResult}"/>: every item equals the single-image call on that image, the
/// vision encoder and the decoder run once per batch, a bad image fails alone.
/// </summary>
public sealed class Florence2ModelBatchTests : IDisposable
{
    private const float Tolerance = 1e-4f;

    // A script that is favoured, not forced: plain or busy images leave it at different points, and some stop
    // earlier than others (checked below, so a change of the tiny model that loses this shows up).
    private readonly TempModelFolder _random = new(new TinyModelOptions
    {
        Seed = 91,
        Script = TestModelFolder.ScriptFor("a b c d e f g h"),
        ScriptBias = 24f,
    });

    public void Dispose() => _random.Dispose();

    private static ImageInput[] Images(params (int Width, int Height, int Seed)[] specs) =>
        specs.Select(s => TestImages.Input(s.Width, s.Height, s.Seed)).ToArray();

    private static ImageInput Solid(int width, int height, byte value) =>
        ImageInput.FromPixels(Enumerable.Repeat(value, width * height * 3).ToArray(), width, height, RawPixelFormat.Rgb24);

    private static TaskOptions Greedy(int maxNewTokens) => new() { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = maxNewTokens } };

    private static async Task<BatchItemResult<T>[]> Collect<T>(IAsyncEnumerable<BatchItemResult<T>> items)
        where T : TaskResult
    {
        var list = new List<BatchItemResult<T>>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return [.. list.OrderBy(i => i.Index)];
    }

    [Fact]
    public async Task Greedy_batches_of_an_unscripted_model_equal_one_by_one_results()
    {
        var (model, vision, text) = CountingStages.Open(_random.Path);
        using (model)
        {
            ImageInput[] images = [Solid(640, 480, 0), Solid(300, 700, 255), TestImages.Input(768, 768, 1), Solid(1000, 200, 128), TestImages.Input(50, 60, 2)];
            var options = Greedy(14);

            var batch = await Collect(model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 3, TaskOptions = options }));

            Assert.Equal([0, 1, 2, 3, 4], batch.Select(i => i.Index));
            Assert.All(batch, i => Assert.True(i.Succeeded, i.Error?.ToString()));
            Assert.Equal([3, 2], vision.BatchSizes);
            Assert.Equal([3, 2], text.BatchSizes);
            Assert.Equal(0, text.Singles);
            for (var i = 0; i < images.Length; i++)
            {
                ResultAssert.Same(model.Caption(images[i], options: options), batch[i].Result!, Tolerance);
            }

            // The images really differ: different answers, and some stop earlier than others.
            Assert.True(batch.Select(i => i.Result!.RawText).Distinct().Count() > 1);
            Assert.True(batch.Select(i => i.Result!.Generation!.GeneratedTokenIds.Count).Distinct().Count() > 1,
                string.Join(", ", batch.Select(i => i.Result!.Generation!.GeneratedTokenIds.Count)));
        }
    }

    [Fact]
    public async Task Greedy_batches_of_a_scripted_model_give_the_typed_results_of_single_calls()
    {
        var answer = "car<loc_53><loc_333><loc_933><loc_774>wheel<loc_149><loc_584><loc_310><loc_773>";
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor(answer) });
        using var model = Florence2Model.Load(folder.Path, TestDecoders.Options());
        var images = Images((640, 480, 1), (300, 700, 2), (1024, 512, 3));
        var options = Greedy(40);

        var batch = await Collect(model.RunBatchAsync(images, Florence2Task.DetectObjects(), new BatchOptions { BatchSize = 2, TaskOptions = options }));

        for (var i = 0; i < images.Length; i++)
        {
            var single = model.DetectObjects(images[i], options);
            Assert.Equal(["car", "wheel"], single.Detections.Select(d => d.Label));
            ResultAssert.Same(single, batch[i].Result!, Tolerance);
        }

        var ocr = await Collect(model.RunBatchAsync(images, Florence2Task.ReadTextWithRegions(), new BatchOptions { BatchSize = 3, TaskOptions = options }));
        ResultAssert.Same(model.ReadTextWithRegions(images[1], options), ocr[1].Result!, Tolerance);
        var custom = await Collect(model.RunBatchAsync(images, Florence2Task.Custom("<MY_TASK>", "cars", AnswerKind.DescriptionWithBoxes),
            new BatchOptions { TaskOptions = options }));
        ResultAssert.Same(model.RunCustomTask(images[2], "<MY_TASK>", "cars", AnswerKind.DescriptionWithBoxes, options), custom[2].Result!, Tolerance);
    }

    [Fact]
    public async Task Float16_files_batch_like_float32_ones()
    {
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a red car"), WriteFp16Variants = true });
        using var model = Florence2Model.Load(folder.Path, new Florence2ModelOptions { Variants = ModelVariants.All(ModelVariant.Fp16) });
        var images = Images((640, 480, 1), (300, 700, 2));
        var options = Greedy(10);

        var batch = await Collect(model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 2, TaskOptions = options }));

        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal("a red car", batch[i].Result!.Text);
            ResultAssert.Same(model.Caption(images[i], options: options), batch[i].Result!, 1e-2f);
        }
    }

    [Fact]
    public async Task Beam_search_decodes_each_image_alone_with_the_single_call_result()
    {
        var (model, vision, text) = CountingStages.Open(_random.Path);
        using (model)
        {
            var images = Images((640, 480, 1), (300, 700, 2), (200, 200, 3));
            var options = new TaskOptions { Generation = new GenerationOptions { NumBeams = 3, MaxNewTokens = 8 } };

            var batch = await Collect(model.RunBatchAsync(images, Florence2Task.Caption(CaptionDetail.Detailed), new BatchOptions { BatchSize = 3, TaskOptions = options }));

            Assert.Equal([3], vision.BatchSizes);
            Assert.Equal(0, text.Batches);
            Assert.Equal(3, text.Singles);
            for (var i = 0; i < images.Length; i++)
            {
                ResultAssert.Same(model.Caption(images[i], CaptionDetail.Detailed, options), batch[i].Result!, Tolerance);
            }
        }
    }

    [Fact]
    public async Task A_corrupt_image_fails_alone()
    {
        using var model = Florence2Model.Load(_random.Path, TestDecoders.Options());
        var images = Images((640, 480, 1), (300, 700, 2), (200, 200, 3)).ToList();
        images.Insert(1, ImageInput.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5 }));
        var options = Greedy(8);

        var batch = await Collect(model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 4, TaskOptions = options }));

        Assert.False(batch[1].Succeeded);
        Assert.Null(batch[1].Result);
        Assert.IsType<InvalidImageException>(batch[1].Error);
        foreach (var i in new[] { 0, 2, 3 })
        {
            Assert.True(batch[i].Succeeded);
            ResultAssert.Same(model.Caption(images[i], options: options), batch[i].Result!, Tolerance);
        }
    }

    [Fact]
    public async Task Encoded_images_skip_the_vision_encoder_and_foreign_ones_fail_alone()
    {
        var (model, vision, _) = CountingStages.Open(_random.Path);
        using var other = Florence2Model.Load(_random.Path, TestDecoders.Options());
        using (model)
        {
            var image = TestImages.Input(640, 480, 1);
            var encoded = model.EncodeImage(image);
            VisionInput[] images = [encoded, other.EncodeImage(image), TestImages.Input(300, 700, 2), null!];
            var options = Greedy(8);

            var batch = await Collect(model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 4, TaskOptions = options }));

            Assert.Equal(2, vision.Runs); // EncodeImage, then one batch run for the one image that had pixels
            Assert.Equal([1], vision.BatchSizes);
            ResultAssert.Same(model.Caption(image, options: options), batch[0].Result!, Tolerance);
            Assert.Contains("different model instance", Assert.IsType<ArgumentException>(batch[1].Error).Message, StringComparison.Ordinal);
            Assert.True(batch[2].Succeeded);
            Assert.IsType<ArgumentNullException>(batch[3].Error);
        }
    }

    [Fact]
    public async Task Encoders_without_batch_support_are_called_once_per_image()
    {
        var (model, vision, text) = CountingStages.Open(_random.Path, batchVision: false);
        using (model)
        {
            var images = Images((640, 480, 1), (300, 700, 2), (200, 100, 3));
            var options = Greedy(6);

            var batch = await Collect(model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 3, TaskOptions = options }));

            Assert.Equal(3, vision.Runs);
            Assert.Empty(vision.BatchSizes);
            Assert.Equal([3], text.BatchSizes);
            ResultAssert.Same(model.Caption(images[2], options: options), batch[2].Result!, Tolerance);
        }
    }

    [Fact]
    public async Task A_failing_vision_run_fails_the_images_of_its_batch_only()
    {
        var (model, vision, _) = CountingStages.Open(_random.Path);
        using (model)
        {
            vision.FailBatchesOf = 2;
            var images = Images((640, 480, 1), (300, 700, 2), (200, 100, 3));

            var batch = await Collect(model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 2, TaskOptions = Greedy(4) }));

            Assert.IsType<InvalidOperationException>(batch[0].Error);
            Assert.IsType<InvalidOperationException>(batch[1].Error);
            Assert.True(batch[2].Succeeded);
        }
    }

    [Fact]
    public void Options_out_of_range_are_refused_before_any_work()
    {
        using var folder = new TempModelFolder(new TinyModelOptions());
        using var model = Florence2Model.Load(folder.Path, TestDecoders.Options());
        ImageInput[] images = [TestImages.Input(32, 32)];

        Assert.Equal("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 0 })).ParamName);
        Assert.Equal("MaxDegreeOfParallelism",
            Assert.Throws<ArgumentOutOfRangeException>(() => model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { MaxDegreeOfParallelism = -1 })).ParamName);
        Assert.Equal("MinimumScore", Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { TaskOptions = new TaskOptions { MinimumScore = 2 } })).ParamName);
        Assert.Equal("NumBeams", Assert.Throws<ArgumentOutOfRangeException>(() => model.RunBatchAsync(images, Florence2Task.Caption(),
            new BatchOptions { TaskOptions = new TaskOptions { Generation = new GenerationOptions { NumBeams = 0 } } })).ParamName);
        Assert.Throws<ArgumentNullException>(() => model.RunBatchAsync(null!, Florence2Task.Caption()));
        Assert.Throws<ArgumentNullException>(() => model.RunBatchAsync<TextResult>(images, null!));
    }
}
