using Florence2.Testing;
using Florence2.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Florence2.Tests.Testing;

/// <summary>The test double: business code tested without a model, calls recorded, results canned or computed.</summary>
public sealed class RecordingFlorence2ModelTests
{
    // The double never decodes the image.
    private static readonly ImageInput Image = ImageInput.FromBytes(new byte[] { 1, 2, 3 });

    /// <summary>Business code as an application would write it: it depends on the interface only.</summary>
    private sealed class ParkingLot(IFlorence2Model model)
    {
        public int CountCars(ImageInput photo, CancellationToken cancellationToken) =>
            model.DetectObjects(photo, new TaskOptions { MinimumScore = 0.3f }, cancellationToken).Detections.Count(d => d.Label == "car");
    }

    [Fact]
    public void An_unscripted_task_fails_at_the_call_naming_the_task_and_how_to_script_it()
    {
        // The mistake the lenient double hid: the test scripts captions, the code under test detects objects.
        var model = new RecordingFlorence2Model().SetResult(Florence2Task.Caption(), TestResults.Text("A car."));

        var e = Assert.Throws<UnscriptedCallException>(() => new ParkingLot(model).CountCars(Image, CancellationToken.None));

        Assert.Equal(TaskTokens.ObjectDetection, e.Call.Token);
        Assert.Equal(Florence2Method.Run, e.Call.Method);
        Assert.Contains("Run was called for the task <OD>", e.Message, StringComparison.Ordinal);
        Assert.Contains("SetResult(Florence2Task.", e.Message, StringComparison.Ordinal);
        Assert.Contains("Scripted: <CAPTION>.", e.Message, StringComparison.Ordinal);
        Assert.Same(e.Call, Assert.Single(model.Calls));
    }

    [Fact]
    public async Task An_unscripted_async_task_faults_its_task_and_a_lenient_double_answers_empty()
    {
        var strict = new RecordingFlorence2Model();
        await Assert.ThrowsAsync<UnscriptedCallException>(() => strict.CaptionAsync(Image));

        var lenient = new RecordingFlorence2Model { Strict = false };
        Assert.Equal("", (await lenient.CaptionAsync(Image)).Text);
        Assert.Empty(lenient.DetectObjects(Image).Detections);
    }

    [Fact]
    public async Task A_task_scripted_once_answers_every_method_that_runs_it()
    {
        var model = new RecordingFlorence2Model().SetResult(Florence2Task.Caption(CaptionDetail.Detailed), TestResults.Text("A red car."));

        Assert.Equal("A red car.", model.Caption(Image, CaptionDetail.Detailed).Text);
        Assert.Equal("A red car.", (await model.CaptionAsync(Image, CaptionDetail.Detailed)).Text);
        Assert.Equal([Florence2Method.Run, Florence2Method.RunAsync], model.Calls.Select(c => c.Method));
        // Another detail is another task, so it is not answered by mistake.
        Assert.Throws<UnscriptedCallException>(() => model.Caption(Image));
    }

    [Fact]
    public async Task Scripted_pieces_stream_one_at_a_time_and_the_whole_text_answers_other_calls()
    {
        var model = new RecordingFlorence2Model().SetStreamedText(Florence2Task.Caption(), "A ", "red", " car", ".");

        var pieces = new List<string>();
        await foreach (var piece in model.StreamTextAsync(Image, Florence2Task.Caption()))
        {
            pieces.Add(piece);
        }

        Assert.Equal(["A ", "red", " car", "."], pieces);
        Assert.Equal("A red car.", model.Caption(Image).Text);
        Assert.Equal(Florence2Method.StreamTextAsync, model.Calls[0].Method);
    }

    [Fact]
    public async Task A_scripted_result_streams_word_by_word_and_the_pieces_add_up_to_its_text()
    {
        const string text = "A red  car parked by a wall.";
        var model = new RecordingFlorence2Model().SetResult(Florence2Task.Caption(), TestResults.Text(text));

        var pieces = new List<string>();
        await foreach (var piece in model.StreamTextAsync(Image, Florence2Task.Caption()))
        {
            pieces.Add(piece);
        }

        Assert.Equal(["A", " red", "  car", " parked", " by", " a", " wall."], pieces);
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void Result_factories_build_results_in_the_pixels_of_an_image_that_holds_every_box()
    {
        var detections = TestResults.Detections(("car", new BoundingBox(10, 20, 200.5f, 120)), ("wheel", new BoundingBox(30, 90, 60, 130)));

        Assert.Equal(["car", "wheel"], detections.Detections.Select(d => d.Label));
        Assert.Equal(new BoundingBox(10, 20, 200.5f, 120), detections.Detections[0].Box);
        Assert.All(detections.Detections, d => Assert.Equal(1f, d.Score));
        Assert.Equal(new ImageSize(201, 130), detections.ImageSize);
        Assert.False(detections.IsTruncated);

        var grounding = TestResults.Grounding(("a dog", new BoundingBox(1, 2, 3, 4)));
        Assert.Equal("a dog", Assert.Single(grounding.Groundings).Phrase);

        var ocr = TestResults.Ocr(("EXIT", new BoundingBox(5, 6, 25, 16)));
        var line = Assert.Single(ocr.Lines);
        Assert.Equal("EXIT", line.Text);
        Assert.Equal([new ImagePoint(5, 6), new ImagePoint(25, 6), new ImagePoint(25, 16), new ImagePoint(5, 16)], line.Quad.Points);

        Assert.Equal("A car.", TestResults.Text("A car.").Text);
        Assert.Empty(TestResults.Detections().Detections);
    }

    [Fact]
    public void Business_code_gets_the_canned_result_and_its_call_is_recorded()
    {
        var detections = new DetectionResult(
            [new Detection(new BoundingBox(1, 2, 30, 40), "car", 0.9f), new Detection(new BoundingBox(5, 5, 9, 9), "wheel", 0.8f), new Detection(new BoundingBox(50, 2, 90, 40), "car", 0.7f)],
            "raw", new ImageSize(100, 50), isTruncated: false);
        var model = new RecordingFlorence2Model().SetResult(TaskTokens.ObjectDetection, detections);
        using var cancellation = new CancellationTokenSource();

        Assert.Equal(2, new ParkingLot(model).CountCars(Image, cancellation.Token));

        var call = Assert.Single(model.Calls);
        Assert.Equal(Florence2Method.Run, call.Method);
        Assert.Equal(TaskTokens.ObjectDetection, call.Token);
        Assert.Same(Image, call.Image);
        Assert.Equal(0.3f, call.Options!.MinimumScore);
        Assert.Equal(AnswerKind.DescriptionWithBoxes, call.AnswerKind);
        Assert.Equal(cancellation.Token, call.CancellationToken);
    }

    [Fact]
    public void Every_method_records_its_task_inputs_and_returns_an_empty_result_of_its_type()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var region = new BoundingBox(1, 2, 3, 4);
        var generation = new GenerationOptions { NumBeams = 1 };

        Assert.Equal(string.Empty, model.Caption(Image, CaptionDetail.Paragraph).Text);
        Assert.Empty(model.ReadTextWithRegions(Image).Lines);
        Assert.Empty(model.CaptionToPhraseGrounding(Image, "a car").Groundings);
        Assert.Empty(model.SegmentRegion(Image, region).Segmentations);
        Assert.Empty(model.DetectOpenVocabulary(Image, "car").Detections);
        Assert.IsType<SegmentationResult>(model.RunCustomTask(Image, "<MY_TASK>", "input", AnswerKind.Polygons));
        Assert.Equal(string.Empty, model.Generate(Image, TaskTokens.Ocr, options: generation).Text);

        var calls = model.Calls;
        Assert.All(calls, c => Assert.Equal(Florence2Method.Run, c.Method));
        Assert.Equal(
            [TaskTokens.MoreDetailedCaption, TaskTokens.OcrWithRegion, TaskTokens.CaptionToPhraseGrounding, TaskTokens.RegionToSegmentation,
                TaskTokens.OpenVocabularyDetection, "<MY_TASK>", TaskTokens.Ocr],
            calls.Select(c => c.Token));
        Assert.Equal("a car", calls[2].Text);
        Assert.Equal(region, calls[3].Region);
        Assert.Equal(("<MY_TASK>", "input", AnswerKind.Polygons), (calls[5].Token, calls[5].Text, calls[5].AnswerKind));
        Assert.Same(generation, calls[6].GenerationOptions);
    }

    [Fact]
    public void A_responder_computes_results_and_may_throw_the_library_exceptions()
    {
        var model = new RecordingFlorence2Model(call => call.Token switch
        {
            TaskTokens.Ocr => throw new InvalidImageException("corrupt"),
            TaskTokens.Caption => new TextResult($"caption for {call.Token}", "raw caption", new ImageSize(10, 10), isTruncated: true),
            _ => RecordingFlorence2Model.EmptyResult(call),
        });

        Assert.Equal("caption for <CAPTION>", model.Caption(Image).Text);
        Assert.Throws<InvalidImageException>(() => model.ReadText(Image));
        Assert.Empty(model.ProposeRegions(Image).Detections);
        var generated = Assert.Throws<InvalidOperationException>(() => model.Generate(Image, TaskTokens.Caption));
        Assert.Contains("without its GenerationResult", generated.Message, StringComparison.Ordinal);
        Assert.Equal(4, model.Calls.Count);
    }

    [Fact]
    public void A_result_of_the_wrong_type_names_the_method_and_the_types()
    {
        var model = new RecordingFlorence2Model().SetResult(TaskTokens.ObjectDetection, new TextResult("x", "x", default, false));

        var error = Assert.Throws<InvalidOperationException>(() => model.DetectObjects(Image));
        Assert.Contains("Run (<OD>) must return a DetectionResult, but the configured result is a TextResult", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_null_arguments_and_disposal_behave_like_the_real_model()
    {
        var model = new RecordingFlorence2Model();
        Assert.Throws<OperationCanceledException>(() => model.DetectObjects(Image, cancellationToken: new CancellationToken(canceled: true)));
        Assert.Single(model.Calls);
        Assert.Throws<ArgumentNullException>(() => model.DetectObjects(null!));
        Assert.Throws<ArgumentException>(() => model.SegmentExpression(Image, string.Empty));

        model.Dispose();
        Assert.True(model.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => model.Caption(Image));
    }

    [Fact]
    public async Task Calls_from_many_threads_are_all_recorded()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 250; i++)
            {
                model.Caption(Image);
            }
        })));

        Assert.Equal(2000, model.Calls.Count);
    }

    [Fact]
    public void The_double_stands_in_for_the_model_in_a_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IFlorence2Model>(_ => new RecordingFlorence2Model().SetResult(Florence2Task.DetectObjects(), TestResults.Detections()));
        services.AddTransient<ParkingLot>();
        RecordingFlorence2Model model;
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Equal(0, provider.GetRequiredService<ParkingLot>().CountCars(Image, CancellationToken.None));
            model = (RecordingFlorence2Model)provider.GetRequiredService<IFlorence2Model>();
        }

        Assert.True(model.IsDisposed);
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
        var calls = model.Calls.Where(c => c.Method == Florence2Method.RunBatchAsync).ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Same(options, c.Options));
        Assert.Equal(Florence2Method.EncodeImage, model.Calls[0].Method);
    }

    [Fact]
    public void The_test_double_refuses_another_instance_features()
    {
        using var first = new RecordingFlorence2Model { Strict = false };
        using var second = new RecordingFlorence2Model { Strict = false };
        var encoded = first.EncodeImage(TestImages.Input(8, 8));

        Assert.IsType<TextResult>(first.Caption(encoded));
        Assert.Throws<ArgumentException>(() => second.Caption(encoded));
        Assert.Throws<ArgumentOutOfRangeException>(() => second.RunBatchAsync([encoded], Florence2Task.Caption(), new BatchOptions { BatchSize = 0 }));
    }
}
