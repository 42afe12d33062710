using System.Collections.Concurrent;
using Florence2.Generation;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Batching;

/// <summary>
/// <see cref="Florence2ModelOptions.MicroBatching"/>: concurrent greedy calls share one batch, and every call gets
/// exactly what the same call gives on a model without micro-batching (an unscripted, random-weight model, so the
/// answers depend on the image, the prompt and the settings of each row).
/// </summary>
public sealed class MicroBatchingTests : IDisposable
{
    private const float Tolerance = 1e-4f;

    // A favoured (not forced) script: images and prompts leave it at different points and stop at different lengths.
    private readonly TempModelFolder _folder = new(new TinyModelOptions
    {
        Seed = 91,
        Script = TestModelFolder.ScriptFor("a b c d e f g h"),
        ScriptBias = 24f,
    });

    public void Dispose() => _folder.Dispose();

    private Florence2Model Batched(int maxBatchSize) => Florence2Model.Load(_folder.Path, new Florence2ModelOptions
    {
        // A long window and a batch size equal to the number of callers: the batch starts exactly when all have arrived.
        MicroBatching = new MicroBatchingOptions { Enabled = true, Window = TimeSpan.FromSeconds(1), MaxBatchSize = maxBatchSize },
        ImageDecoder = TestDecoders.ImageSharp,
    });

    /// <summary>Records the rows of every decoder run: (step, rows).</summary>
    private static ConcurrentQueue<(int Step, long Rows)> RecordSteps(Florence2Model model, Action<int, long>? also = null)
    {
        var steps = new ConcurrentQueue<(int, long)>();
        ((OnnxTextDecoder)model.TextDecoder).BeforeDecoderStep = (step, inputs) =>
        {
            var rows = inputs[0].GetTensorTypeAndShape().Shape[0];
            steps.Enqueue((step, rows));
            also?.Invoke(step, rows);
        };
        return steps;
    }

    /// <summary>
    /// Starts a call on a thread of its own: pool threads can be scarce while other test classes run, and a caller
    /// that starts late would miss the batch.
    /// </summary>
    private static Task<T> Start<T>(Func<T> call) => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static TaskOptions Greedy(int maxNewTokens, int? noRepeat = null) =>
        new() { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = maxNewTokens, NoRepeatNgramSize = noRepeat } };

    /// <summary>Calls of different tasks (prompts of different lengths, a region task), images, token limits and n-gram settings.</summary>
    private static Func<IFlorence2Model, TaskResult>[] MixedCalls() =>
    [
        m => m.Caption(TestImages.Input(640, 480, 1), options: Greedy(14)),
        m => m.DetectObjects(TestImages.Input(300, 700, 2), Greedy(20)),
        m => m.CaptionToPhraseGrounding(TestImages.Input(768, 768, 3), "a red car next to a tall green tree", Greedy(9)),
        m => m.SegmentRegion(TestImages.Input(500, 500, 4), new BoundingBox(10, 20, 300, 400), Greedy(16, noRepeat: 0)),
        m => m.Caption(TestImages.Input(1000, 200, 5), CaptionDetail.Paragraph, Greedy(3)),
        m => m.ReadText(TestImages.Input(50, 60, 6), Greedy(25, noRepeat: 2)),
    ];

    [Fact]
    public async Task Mixed_tasks_prompts_and_lengths_in_one_batch_equal_calls_run_alone()
    {
        using var alone = Florence2Model.Load(_folder.Path);
        var calls = MixedCalls();
        var expected = calls.Select(c => c(alone)).ToArray();
        using var model = Batched(calls.Length);
        var steps = RecordSteps(model);

        var actual = await Task.WhenAll(calls.Select(c => Start(() => c(model))));

        for (var i = 0; i < calls.Length; i++)
        {
            ResultAssert.Same(expected[i], actual[i], Tolerance);
        }

        // One batch: its first decoder run holds every call; rows left as they finished, so later runs hold fewer.
        Assert.Equal([calls.Length], steps.Where(s => s.Step == 0).Select(s => s.Rows));
        Assert.Contains(steps, s => s.Rows < calls.Length);
        Assert.True(expected.Select(r => r.Generation!.PromptTokenIds.Count).Distinct().Count() > 2, "the prompts should differ in length");
        Assert.True(expected.Select(r => r.Generation!.GeneratedTokenIds.Count).Distinct().Count() > 2, "the calls should stop at different lengths");
        Assert.True(expected.Select(r => r.RawText).Distinct().Count() > 3, string.Join(" | ", expected.Select(r => r.RawText)));
    }

    [Fact]
    public async Task Beam_calls_run_alone_beside_a_batch_and_every_call_equals_its_single_result()
    {
        using var alone = Florence2Model.Load(_folder.Path);
        var beams = new TaskOptions { Generation = new GenerationOptions { NumBeams = 3, MaxNewTokens = 12 } };
        Func<IFlorence2Model, TaskResult>[] calls =
        [
            .. MixedCalls().Take(3),
            m => m.Caption(TestImages.Input(640, 480, 7), options: beams),
            m => m.DetectObjects(TestImages.Input(400, 300, 8), beams),
        ];
        var expected = calls.Select(c => c(alone)).ToArray();
        using var model = Batched(3);
        var steps = RecordSteps(model);

        var actual = await Task.WhenAll(calls.Select(c => Start(() => c(model))));

        for (var i = 0; i < calls.Length; i++)
        {
            ResultAssert.Same(expected[i], actual[i], Tolerance);
        }

        // Step 0 runs: the batch of three greedy calls, and each beam call with its own three beam rows.
        Assert.Equal([3, 3, 3], steps.Where(s => s.Step == 0).Select(s => s.Rows).Order());
    }

    [Fact]
    public async Task Cancelling_one_caller_removes_only_its_row()
    {
        using var alone = Florence2Model.Load(_folder.Path);
        var images = Enumerable.Range(0, 4).Select(i => TestImages.Input(320 + (90 * i), 480, seed: 10 + i)).ToArray();
        var options = Greedy(12, noRepeat: 0);
        var expected = images.Select(image => alone.Caption(image, options: options)).ToArray();
        Assert.All(expected, r => Assert.True(r.Generation!.GeneratedTokenIds.Count > 5, "every call should outlast the cancellation"));

        using var model = Batched(4);
        using var cancel = new CancellationTokenSource();
        var steps = RecordSteps(model, (step, rows) =>
        {
            if (step == 3 && rows == 4)
            {
                cancel.Cancel();
            }
        });

        var running = images.Select((image, i) => Start(() => model.Caption(image, options: options, cancellationToken: i == 2 ? cancel.Token : default))).ToArray();

        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running[2]);
        Assert.Equal(cancel.Token, stopped.CancellationToken);
        foreach (var i in new[] { 0, 1, 3 })
        {
            ResultAssert.Same(expected[i], await running[i], Tolerance);
        }

        // The row left at the next step; the batch went on with the others.
        Assert.Equal([4, 4, 4, 4], steps.Where(s => s.Step <= 3).Select(s => s.Rows));
        Assert.Equal(3, steps.Single(s => s.Step == 4).Rows);
    }

    [Fact]
    public async Task Streamed_calls_join_the_batch_and_stream_the_single_call_text()
    {
        using var alone = Florence2Model.Load(_folder.Path);
        var options = new GenerationOptions { NumBeams = 1, MaxNewTokens = 15 };
        var images = new[] { TestImages.Input(640, 480, 21), TestImages.Input(200, 640, 22) };

        static async Task<string> Stream(IFlorence2Model model, ImageInput image, GenerationOptions options)
        {
            var text = new System.Text.StringBuilder();
            await foreach (var piece in model.StreamTextAsync(image, Florence2Task.Caption(), options))
            {
                text.Append(piece);
            }

            return text.ToString();
        }

        var expected = new[] { await Stream(alone, images[0], options), await Stream(alone, images[1], options) };
        var expectedPlain = alone.Generate(images[0], TaskTokens.Caption, options: options);
        Assert.NotEqual(expected[0], expected[1]);
        using var model = Batched(3);
        var steps = RecordSteps(model);

        var streams = images.Select(image => Task.Run(() => Stream(model, image, options))).ToArray();
        var plain = Start(() => model.Generate(images[0], TaskTokens.Caption, options: options));

        Assert.Equal(expected[0], await streams[0]);
        Assert.Equal(expected[1], await streams[1]);
        Assert.Equal(expectedPlain.GeneratedTokenIds, (await plain).GeneratedTokenIds);

        // Every call was a row of some batch, and calls shared one (the streams start on pool threads, so a starved
        // pool may bring one in after the 1 s window: only "shared" is asserted, not "all three in one").
        Assert.Equal(3, steps.Where(s => s.Step == 0).Sum(s => s.Rows));
        Assert.Contains(steps, s => s.Step == 0 && s.Rows >= 2);
    }

    [Fact]
    public async Task An_image_that_cannot_be_decoded_fails_alone()
    {
        using var alone = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        var good = TestImages.Input(640, 480, 31);
        var options = Greedy(10);
        var expected = alone.Caption(good, options: options);
        using var model = Batched(3);

        var broken = Start(() => model.Caption(ImageInput.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }), options: options));
        var fine = new[] { Start(() => model.Caption(good, options: options)), Start(() => model.Caption(good, options: options)) };

        await Assert.ThrowsAsync<InvalidImageException>(() => broken);
        foreach (var call in fine)
        {
            ResultAssert.Same(expected, await call, Tolerance);
        }
    }

    [Fact]
    public async Task Encoded_images_and_async_calls_are_batched_too()
    {
        using var alone = Florence2Model.Load(_folder.Path);
        var image = TestImages.Input(500, 400, 41);
        var expected = alone.DetectObjects(image, Greedy(18));
        using var model = Batched(2);
        var steps = RecordSteps(model);
        var encoded = model.EncodeImage(image);

        var results = await Task.WhenAll(Start(() => model.DetectObjectsAsync(encoded, Greedy(18)).GetAwaiter().GetResult()),
            Start(() => model.DetectObjectsAsync(image, Greedy(18)).GetAwaiter().GetResult()));

        ResultAssert.Same(expected, results[1], Tolerance);
        Assert.Equal(expected.RawText, results[0].RawText);
        Assert.Equal(expected.Generation!.GeneratedTokenIds, results[0].Generation!.GeneratedTokenIds);
        Assert.Equal([2], steps.Where(s => s.Step == 0).Select(s => s.Rows));
    }

    [Fact]
    public async Task Disposing_the_model_stops_waiting_calls()
    {
        var model = Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            MicroBatching = new MicroBatchingOptions { Enabled = true, Window = TimeSpan.FromSeconds(1), MaxBatchSize = 8 },
        });
        var waiting = Task.Run(() => model.Caption(TestImages.Input(64, 64), options: Greedy(5)));
        await Task.Delay(200); // the call waits out its 1 s window in the queue (either way it must end disposed)

        await model.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
    }

    [Theory]
    [InlineData(-1, 8, "Window")]
    [InlineData(1001, 8, "Window")]
    [InlineData(10, 0, "MaxBatchSize")]
    [InlineData(10, 65, "MaxBatchSize")]
    public void Out_of_range_settings_are_refused_at_load_naming_the_setting(int windowMs, int maxBatchSize, string setting)
    {
        var options = new Florence2ModelOptions
        {
            MicroBatching = new MicroBatchingOptions { Enabled = true, Window = TimeSpan.FromMilliseconds(windowMs), MaxBatchSize = maxBatchSize },
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Florence2Model.Load(_folder.Path, options));
        Assert.Equal(setting, e.ParamName);
        Assert.Contains("MicroBatching." + setting, e.Message, StringComparison.Ordinal);
    }
}
