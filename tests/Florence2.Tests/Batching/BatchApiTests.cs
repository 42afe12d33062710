using Florence2.Generation;
using Florence2.Testing;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Batching;

/// <summary>Argument checks of the batch API, the default batched generation of <see cref="ITextDecoder"/>, and the test double.</summary>
public sealed class BatchApiTests
{
    [Fact]
    public void Options_out_of_range_are_refused_before_any_work()
    {
        using var folder = new TempModelFolder(new TinyModelOptions());
        using var model = Florence2Model.Load(folder.Path);
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

    [Fact]
    public void Batch_tasks_check_their_inputs_and_describe_themselves()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Florence2Task.Caption((CaptionDetail)42));
        Assert.Throws<ArgumentException>(() => Florence2Task.Custom(""));
        Assert.Throws<ArgumentOutOfRangeException>(() => Florence2Task.Custom("<X>", answerKind: (AnswerKind)42));
        Assert.Throws<ArgumentException>(() => Florence2Task.Custom(TaskTokens.Caption, "not allowed"));
        Assert.Throws<ArgumentException>(() => Florence2Task.Custom(TaskTokens.CaptionToPhraseGrounding));

        var task = Florence2Task.Caption(CaptionDetail.Paragraph);
        Assert.Equal(TaskTokens.MoreDetailedCaption, task.Token);
        Assert.Null(task.Text);
        Assert.Equal(AnswerKind.PureText, task.AnswerKind);
        Assert.Equal(AnswerKind.Boxes, Florence2Task.ProposeRegions().AnswerKind);
        Assert.Equal(AnswerKind.DescriptionWithBoxes, Florence2Task.CaptionRegions().AnswerKind);
        Assert.Equal("cars", Florence2Task.Custom(TaskTokens.CaptionToPhraseGrounding, "cars", AnswerKind.PhraseGrounding).Text);
    }

    [Fact]
    public void Item_results_hold_either_a_result_or_an_error()
    {
        var ok = new BatchItemResult<TextResult>(3, new TextResult("x", "x", new ImageSize(1, 1), false));
        var failed = new BatchItemResult<TextResult>(4, new InvalidImageException("bad"));

        Assert.True(ok.Succeeded);
        Assert.Null(ok.Error);
        Assert.False(failed.Succeeded);
        Assert.Null(failed.Result);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchItemResult<TextResult>(-1, new InvalidImageException("bad")));
        Assert.Throws<ArgumentNullException>(() => new BatchItemResult<TextResult>(0, (Exception)null!));
    }

    [Fact]
    public void The_default_batched_generation_calls_generate_once_per_image_in_order()
    {
        using ITextDecoder decoder = new OneTokenDecoder();
        var settings = new GenerationSettings
        {
            NumBeams = 1, MaxNewTokens = 5, LengthPenalty = 1, EarlyStopping = BeamStopping.Heuristic, NoRepeatNgramSize = 0,
            DecoderStartTokenId = 2, ForcedBosTokenId = null, ForcedEosTokenId = null, EosTokenId = 2,
        };
        ImageFeatures[] features = [Features(7), Features(8), Features(9)];

        var sequences = decoder.GenerateBatch(features, [0, 2], settings);

        Assert.Equal([7, 8, 9], sequences.Select(s => s.TokenIds[1]));
        Assert.Throws<ArgumentException>(() => decoder.GenerateBatch([], [0, 2], settings));
        Assert.Throws<ArgumentException>(() => decoder.GenerateBatch(features, [0, 2], settings with { NumBeams = 3 }));
        Assert.Throws<ArgumentException>(() => decoder.GenerateBatch([Features(1), new ImageFeatures(new float[4], 2, 2, default)], [0, 2], settings));
    }

    [Fact]
    public async Task The_test_double_records_each_image_of_a_batch_and_answers_like_single_calls()
    {
        var bad = TestImages.Input(8, 8, seed: 2);
        using var model = new RecordingFlorence2Model(call => ReferenceEquals(call.Image, bad)
            ? throw new InvalidImageException("unreadable")
            : new DetectionResult([], $"answer {call.Token}", new ImageSize(8, 8), false));
        VisionInput[] images = [TestImages.Input(8, 8, seed: 1), bad, model.EncodeImage(TestImages.Input(8, 8, seed: 3))];
        var options = new TaskOptions { MinimumScore = 0.5f };

        var items = new List<BatchItemResult<DetectionResult>>();
        await foreach (var item in model.RunBatchAsync(images, Florence2Task.DetectObjects(), new BatchOptions { TaskOptions = options }))
        {
            items.Add(item);
        }

        Assert.Equal([0, 1, 2], items.Select(i => i.Index));
        Assert.Equal($"answer {TaskTokens.ObjectDetection}", items[0].Result!.RawText);
        Assert.IsType<InvalidImageException>(items[1].Error);
        Assert.True(items[2].Succeeded);
        var calls = model.Calls.Where(c => c.Method == "RunBatchAsync").ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Same(options, c.Options));
        Assert.Equal("EncodeImage", model.Calls[0].Method);
    }

    [Fact]
    public void The_test_double_refuses_another_instance_features()
    {
        using var first = new RecordingFlorence2Model();
        using var second = new RecordingFlorence2Model();
        var encoded = first.EncodeImage(TestImages.Input(8, 8));

        Assert.IsType<TextResult>(first.Caption(encoded));
        Assert.Throws<ArgumentException>(() => second.Caption(encoded));
        Assert.Throws<ArgumentOutOfRangeException>(() => second.RunBatchAsync([encoded], Florence2Task.Caption(), new BatchOptions { BatchSize = 0 }));
    }

    private static ImageFeatures Features(int marker) => new(new float[] { marker, 0 }, 1, 2, new ImageSize(1, 1));

    /// <summary>Answers the start token and then the first feature value as a token id: enough to see order and count.</summary>
    private sealed class OneTokenDecoder : ITextDecoder
    {
        public int MaxEncoderLength => 1024;

        public GeneratedSequence Generate(ImageFeatures imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings, Action<int>? onToken = null,
            CancellationToken cancellationToken = default) =>
            new([2, (int)imageFeatures.Values.Span[0]], [0f, -1f], false, -1, 1, TimeSpan.Zero, TimeSpan.Zero);

        public void Dispose()
        {
        }
    }
}
