using System.Diagnostics;
using System.Globalization;
using Florence2.AI;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Florence2.Tests.AI;

/// <summary>The chat client over the real pipeline: tiny scripted models whose answer is known in advance.</summary>
public sealed class Florence2ChatClientOnTinyModelTests : IDisposable
{
    private const string Caption = "A red car , parked on a street . It isn't moving";
    private const string Detection = "car<loc_53><loc_333><loc_933><loc_774>";

    private readonly TempModelFolder _captioner = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Caption), NoRepeatNgramSize = 0 });
    private readonly TempModelFolder _detector = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Detection) });

    public void Dispose()
    {
        _captioner.Dispose();
        _detector.Dispose();
    }

    [Fact]
    public async Task Detect_objects_answers_with_the_boxes_in_pixels_and_the_typed_result()
    {
        using var model = Florence2Model.Load(_detector.Path, TestDecoders.Options());
        var png = TestImages.Png(640, 480);

        var response = await model.AsChatClient().GetResponseAsync([Ask(png, "detect objects")]);

        // De-quantization from the spec: (bin + 0.5) × size / 1000, x by the width (640), y by the height (480):
        // 34.24, 160.08, 597.44, 371.76, rounded to whole pixels in the text.
        var box = new BoundingBox(53.5f * 0.64f, 333.5f * 0.48f, 933.5f * 0.64f, 774.5f * 0.48f);
        Assert.Equal("car: [34, 160, 597, 372]", response.Text);
        var detections = response.GetFlorence2Result<DetectionResult>();
        Assert.Equal(new ImageSize(640, 480), detections.ImageSize);
        var car = Assert.Single(detections.Detections);
        Assert.Equal("car", car.Label);
        Assert.Equal(box.X1, car.Box.X1, 3);
        Assert.Equal(box.Y2, car.Box.Y2, 3);
        Assert.Equal(TaskTokens.ObjectDetection, detections.Generation!.Task);
    }

    [Fact]
    public async Task Finish_reason_usage_and_model_id_describe_the_generation()
    {
        using var model = Florence2Model.Load(_detector.Path, TestDecoders.Options());
        var client = model.AsChatClient();
        var png = TestImages.Png(64, 64);

        var whole = await client.GetResponseAsync([Ask(png, "<OD>")]);
        var cut = await client.GetResponseAsync([Ask(png, "<OD>")], new ChatOptions { MaxOutputTokens = 3 });

        // <s>, the script's tokens and </s> follow the decoder start token; the prompt is <s> + the task's English prompt + </s>.
        var answerTokens = TestModelFolder.ScriptFor(Detection).Length;
        var promptTokens = TestModelFolder.ScriptFor("Locate the objects with category name in the image.").Length;
        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        Assert.Equal(answerTokens + 2, whole.Usage!.OutputTokenCount);
        Assert.Equal(promptTokens + 2, whole.Usage.InputTokenCount);
        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(3, cut.Usage!.OutputTokenCount);
        Assert.True(cut.GetFlorence2Result<DetectionResult>().IsTruncated);
        Assert.Equal(Path.GetFileName(_detector.Path), whole.ModelId);
    }

    [Fact]
    public async Task Streaming_a_caption_yields_the_text_piece_by_piece()
    {
        using var model = Florence2Model.Load(_captioner.Path, TestDecoders.Options());
        var client = model.AsChatClient();
        var png = TestImages.Png(96, 64);

        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([Ask(png, "describe")]))
        {
            pieces.Add(update.Text);
        }

        var whole = await client.GetResponseAsync([Ask(png, "describe")], new ChatOptions { AdditionalProperties = new() { [Florence2ChatOptions.NumBeams] = 1 } });
        Assert.Equal("A red car, parked on a street. It isn't moving", whole.Text);
        Assert.Equal(whole.Text, string.Concat(pieces));
        Assert.True(pieces.Count >= 8, $"expected the caption in many pieces, got {pieces.Count}");
    }

    [Fact]
    public async Task Streamed_updates_combine_into_one_response_with_the_text()
    {
        using var model = Florence2Model.Load(_captioner.Path, TestDecoders.Options());

        var response = await model.AsChatClient().GetStreamingResponseAsync([Ask(TestImages.Png(32, 32), "<CAPTION>")]).ToChatResponseAsync();

        var message = Assert.Single(response.Messages);
        Assert.Equal("A red car, parked on a street. It isn't moving", message.Text);
        Assert.Equal(Path.GetFileName(_captioner.Path), response.ModelId);
    }

    [Fact]
    public async Task A_picture_that_cannot_be_decoded_is_the_models_InvalidImageException()
    {
        using var model = Florence2Model.Load(_captioner.Path, TestDecoders.Options());

        await Assert.ThrowsAsync<InvalidImageException>(() => model.AsChatClient().GetResponseAsync([Ask([0x89, 0x50, 0x4E, 0x47, 1, 2, 3], "describe")]));
    }

    [Fact]
    public async Task A_cancelled_request_stops_the_model()
    {
        using var model = Florence2Model.Load(_captioner.Path, TestDecoders.Options());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.AsChatClient().GetResponseAsync([Ask(TestImages.Png(32, 32), "describe")], cancellationToken: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in model.AsChatClient().GetStreamingResponseAsync([Ask(TestImages.Png(32, 32), "describe")], cancellationToken: cts.Token))
            {
            }
        });
    }

    [Fact]
    public async Task The_chat_span_of_UseOpenTelemetry_is_the_parent_of_the_models_generate_span()
    {
        var source = $"florence2-chat-tests-{Guid.NewGuid():N}";
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(source, Florence2Telemetry.SourceName).AddInMemoryExporter(spans).Build();
        using var model = Florence2Model.Load(_detector.Path, TestDecoders.Options());
        using var client = model.AsChatClient().AsBuilder().UseOpenTelemetry(sourceName: source).Build();

        await client.GetResponseAsync([Ask(TestImages.Png(32, 32), "detect objects")]);
        tracing.ForceFlush();

        var chat = Assert.Single(spans, s => s.Source.Name == source);
        var generate = Assert.Single(spans, s => s.OperationName == Florence2Telemetry.GenerateActivity && s.TraceId == chat.TraceId);
        Assert.Equal(chat.SpanId, generate.ParentSpanId);
        Assert.Equal(TaskTokens.ObjectDetection, generate.GetTagItem("florence2.task"));
        Assert.Equal(Convert.ToInt64(chat.GetTagItem("gen_ai.usage.output_tokens"), CultureInfo.InvariantCulture), TestModelFolder.ScriptFor(Detection).Length + 2);
    }

    private static ChatMessage Ask(byte[] png, string text) => new(ChatRole.User, [new TextContent(text), new DataContent(png, "image/png")]);
}
