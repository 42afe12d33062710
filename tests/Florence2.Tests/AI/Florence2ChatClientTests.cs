using Florence2.AI;
using Florence2.Testing;
using Florence2.Tests.Support;
using Microsoft.Extensions.AI;

namespace Florence2.Tests.AI;

/// <summary>
/// The chat client over the recording double: which task a message asks for, what the options become, what is
/// refused before any call, and what the response carries.
/// </summary>
public sealed class Florence2ChatClientTests
{
    private static readonly byte[] Png = TestImages.Png(16, 16);

    [Theory]
    [InlineData("<OD>", TaskTokens.ObjectDetection, null)]
    [InlineData("<od>", TaskTokens.ObjectDetection, null)]
    [InlineData("<MORE_DETAILED_CAPTION>", TaskTokens.MoreDetailedCaption, null)]
    [InlineData("<CAPTION_TO_PHRASE_GROUNDING> A dog on a sofa.", TaskTokens.CaptionToPhraseGrounding, "A dog on a sofa.")]
    [InlineData("<OPEN_VOCABULARY_DETECTION>   a   wheel", TaskTokens.OpenVocabularyDetection, "a wheel")]
    [InlineData("<REFERRING_EXPRESSION_SEGMENTATION> the red car", TaskTokens.ReferringExpressionSegmentation, "the red car")]
    [InlineData("<DocVQA> What is the date?", "<DocVQA>", "What is the date?")]
    public async Task A_task_token_picks_its_task_and_the_text_after_it_is_the_input(string text, string token, string? input)
    {
        var model = new RecordingFlorence2Model { Strict = false };

        await model.AsChatClient().GetResponseAsync([Ask(text)]);

        var call = Assert.Single(model.Calls);
        Assert.Equal(token, call.Token);
        Assert.Equal(input, call.Text);
        Assert.Null(call.Region);
    }

    [Fact]
    public async Task A_region_token_takes_four_pixel_numbers_as_its_region()
    {
        var model = new RecordingFlorence2Model { Strict = false };

        await model.AsChatClient().GetResponseAsync([Ask("<REGION_TO_DESCRIPTION> [10, 20.5, 200, 180]")]);

        var call = Assert.Single(model.Calls);
        Assert.Equal(TaskTokens.RegionToDescription, call.Token);
        Assert.Equal(new BoundingBox(10, 20.5f, 200, 180), call.Region);
    }

    [Theory]
    [InlineData("<REGION_TO_OCR>")]
    [InlineData("<REGION_TO_OCR> 10,20,200")]
    [InlineData("<REGION_TO_OCR> ten,20,200,180")]
    public async Task A_region_token_without_four_numbers_is_refused_with_the_expected_form(string text)
    {
        var model = new RecordingFlorence2Model { Strict = false };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => model.AsChatClient().GetResponseAsync([Ask(text)]));

        Assert.Contains("x1,y1,x2,y2", e.Message, StringComparison.Ordinal);
        Assert.Equal("messages", e.ParamName);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task Text_after_a_task_that_takes_none_is_refused_by_the_task()
    {
        var model = new RecordingFlorence2Model { Strict = false };

        await Assert.ThrowsAsync<ArgumentException>(() => model.AsChatClient().GetResponseAsync([Ask("<OD> cars only")]));

        Assert.Empty(model.Calls);
    }

    [Theory]
    [InlineData("describe", TaskTokens.Caption, null)]
    [InlineData("What is in the image?", TaskTokens.Caption, null)]
    [InlineData("", TaskTokens.Caption, null)]
    [InlineData("Describe in detail.", TaskTokens.DetailedCaption, null)]
    [InlineData("describe  the image in more detail", TaskTokens.MoreDetailedCaption, null)]
    [InlineData("detect objects", TaskTokens.ObjectDetection, null)]
    [InlineData("Find the objects in the image", TaskTokens.ObjectDetection, null)]
    [InlineData("describe the regions", TaskTokens.DenseRegionCaption, null)]
    [InlineData("propose regions", TaskTokens.RegionProposal, null)]
    [InlineData("Read the text.", TaskTokens.Ocr, null)]
    [InlineData("OCR", TaskTokens.Ocr, null)]
    [InlineData("read the text with boxes", TaskTokens.OcrWithRegion, null)]
    [InlineData("Where is the red car?", TaskTokens.OpenVocabularyDetection, "the red car")]
    [InlineData("where are the wheels in the image", TaskTokens.OpenVocabularyDetection, "the wheels")]
    [InlineData("find a Coke bottle", TaskTokens.OpenVocabularyDetection, "a Coke bottle")]
    [InlineData("segment the dog on the left", TaskTokens.ReferringExpressionSegmentation, "the dog on the left")]
    [InlineData("ground: A dog sits on a sofa", TaskTokens.CaptionToPhraseGrounding, "A dog sits on a sofa")]
    [InlineData("find the phrases of A dog sits on a sofa", TaskTokens.CaptionToPhraseGrounding, "A dog sits on a sofa")]
    public async Task Plain_words_pick_the_documented_task(string text, string token, string? input)
    {
        var model = new RecordingFlorence2Model { Strict = false };

        await model.AsChatClient().GetResponseAsync([Ask(text)]);

        var call = Assert.Single(model.Calls);
        Assert.Equal(token, call.Token);
        Assert.Equal(input, call.Text);
    }

    [Theory]
    [InlineData("How many dogs are there?")]
    [InlineData("describe the red car")]
    [InlineData("find")]
    [InlineData("<OD")]
    public async Task Words_that_name_no_task_are_refused_with_the_phrases_to_use(string text)
    {
        var model = new RecordingFlorence2Model { Strict = false };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => model.AsChatClient().GetResponseAsync([Ask(text)]));

        Assert.Contains("names no Florence-2 task", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"detect objects\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("<DocVQA>", e.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task A_message_without_an_image_is_refused_before_the_model_is_called()
    {
        var model = new RecordingFlorence2Model { Strict = false };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => model.AsChatClient().GetResponseAsync([new ChatMessage(ChatRole.User, "describe")]));

        Assert.Contains("no image", e.Message, StringComparison.Ordinal);
        Assert.Contains("DataContent", e.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task An_image_in_an_earlier_message_does_not_count_the_last_message_must_hold_it()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        ChatMessage[] conversation = [Ask("describe"), new ChatMessage(ChatRole.Assistant, "A car."), new ChatMessage(ChatRole.User, "read the text")];

        await Assert.ThrowsAsync<ArgumentException>(() => model.AsChatClient().GetResponseAsync(conversation));

        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task Two_images_non_image_data_links_and_a_last_message_of_another_role_are_refused()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var client = model.AsChatClient();
        var image = new DataContent(Png, "image/png");

        var two = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, [image, image, new TextContent("describe")])]));
        var pdf = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, [image, new DataContent(Png, "application/pdf")])]));
        var link = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new UriContent("file:///tmp/car.png", "image/png")])]));
        var role = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([Ask("describe"), new ChatMessage(ChatRole.Assistant, "A car.")]));
        var none = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([]));

        Assert.Contains("more than one image", two.Message, StringComparison.Ordinal);
        Assert.Contains("application/pdf", pdf.Message, StringComparison.Ordinal);
        Assert.Contains("DataContent.LoadFromAsync", link.Message, StringComparison.Ordinal);
        Assert.Contains("'assistant'", role.Message, StringComparison.Ordinal);
        Assert.Contains("no message", none.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task Earlier_messages_system_messages_and_instructions_are_not_sent_the_last_message_is_the_request()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        ChatMessage[] conversation = [new ChatMessage(ChatRole.System, "You are a helpful assistant."), Ask("read the text"), new ChatMessage(ChatRole.Assistant, "EXIT"), Ask("detect objects")];

        await model.AsChatClient().GetResponseAsync(conversation, new ChatOptions { Instructions = "Answer briefly." });

        Assert.Equal(TaskTokens.ObjectDetection, Assert.Single(model.Calls).Token);
    }

    [Fact]
    public async Task MaxOutputTokens_beams_minimum_score_and_a_fine_tunes_answer_kind_become_task_options()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var options = new ChatOptions
        {
            MaxOutputTokens = 77,
            Temperature = 0f,
            Seed = 42,
            AdditionalProperties = new()
            {
                [Florence2ChatOptions.NumBeams] = 4,
                [Florence2ChatOptions.MinimumScore] = 0.25,
                [Florence2ChatOptions.AnswerKind] = "DescriptionWithBoxes",
                ["another.provider.setting"] = "left alone",
            },
        };

        await model.AsChatClient().GetResponseAsync([Ask("<Tables> find the tables")], options);

        var call = Assert.Single(model.Calls);
        Assert.Equal(77, call.GenerationOptions!.MaxNewTokens);
        Assert.Equal(4, call.GenerationOptions.NumBeams);
        Assert.Equal(0.25f, call.Options!.MinimumScore);
        Assert.Equal(AnswerKind.DescriptionWithBoxes, call.AnswerKind);
        Assert.Equal("<Tables>", call.Token);
    }

    [Fact]
    public async Task Without_options_the_models_generation_defaults_apply()
    {
        var model = new RecordingFlorence2Model { Strict = false };

        await model.AsChatClient().GetResponseAsync([Ask("describe")]);

        var generation = Assert.Single(model.Calls).GenerationOptions!;
        Assert.Null(generation.MaxNewTokens);
        Assert.Null(generation.NumBeams);
    }

    public static TheoryData<string, ChatOptions> Unsupported() => new()
    {
        { "Temperature", new ChatOptions { Temperature = 0.7f } },
        { "TopP", new ChatOptions { TopP = 0.9f } },
        { "TopK", new ChatOptions { TopK = 40 } },
        { "FrequencyPenalty", new ChatOptions { FrequencyPenalty = 0.5f } },
        { "PresencePenalty", new ChatOptions { PresencePenalty = 0.5f } },
        { "StopSequences", new ChatOptions { StopSequences = ["."] } },
        { "Tools", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 42, "answer")] } },
        { "ToolMode", new ChatOptions { ToolMode = ChatToolMode.RequireAny } },
        { "ResponseFormat", new ChatOptions { ResponseFormat = ChatResponseFormat.Json } },
        { "ConversationId", new ChatOptions { ConversationId = "c1" } },
        { "Reasoning", new ChatOptions { Reasoning = new ReasoningOptions() } },
        { "ModelId", new ChatOptions { ModelId = "gpt-4o" } },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task Options_Florence2_cannot_honour_are_refused_by_name_before_any_work(string option, ChatOptions options)
    {
        var model = new RecordingFlorence2Model { Strict = false };

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => model.AsChatClient().GetResponseAsync([Ask("describe")], options));

        Assert.Contains($"ChatOptions.{option}", e.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task The_clients_own_model_id_in_the_options_is_accepted()
    {
        var model = new RecordingFlorence2Model { Strict = false };

        await model.AsChatClient("florence-2-base-ft").GetResponseAsync([Ask("describe")], new ChatOptions { ModelId = "florence-2-base-ft" });

        Assert.Single(model.Calls);
    }

    [Theory]
    [InlineData(Florence2ChatOptions.NumBeams, "three")]
    [InlineData(Florence2ChatOptions.NumBeams, 2.5)]
    [InlineData(Florence2ChatOptions.MinimumScore, true)]
    [InlineData(Florence2ChatOptions.AnswerKind, "Boxes please")]
    [InlineData(Florence2ChatOptions.AnswerKind, "7")]
    public async Task A_florence2_option_of_the_wrong_type_is_refused_naming_the_key(string key, object value)
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var options = new ChatOptions { AdditionalProperties = new() { [key] = value } };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => model.AsChatClient().GetResponseAsync([Ask("<DocVQA> date?")], options));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task An_answer_kind_with_plain_words_is_refused_it_is_for_a_fine_tunes_token()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var options = new ChatOptions { AdditionalProperties = new() { [Florence2ChatOptions.AnswerKind] = AnswerKind.Boxes } };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => model.AsChatClient().GetResponseAsync([Ask("detect objects")], options));

        Assert.Contains(Florence2ChatOptions.AnswerKind, e.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task The_typed_result_is_the_raw_representation_and_the_text_lists_the_boxes_in_pixels()
    {
        var detections = new DetectionResult(
            [new Detection(new BoundingBox(10.4f, 20.5f, 110.49f, 220.51f), "car", 0.9f), new Detection(new BoundingBox(1, 2, 3, 4), "wheel", 0.8f)],
            "raw", new ImageSize(640, 480), isTruncated: false);
        var model = new RecordingFlorence2Model { Strict = false }.SetResult(TaskTokens.ObjectDetection, detections);

        var response = await model.AsChatClient().GetResponseAsync([Ask("detect objects")]);

        Assert.Same(detections, response.GetFlorence2Result<DetectionResult>());
        Assert.Same(detections, response.GetFlorence2Result<TaskResult>());
        Assert.Same(detections, Assert.Single(response.Messages).RawRepresentation);
        Assert.Equal("car: [10, 21, 110, 221]\nwheel: [1, 2, 3, 4]", response.Text);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        var wrongType = Assert.Throws<InvalidOperationException>(() => response.GetFlorence2Result<TextResult>());
        Assert.Contains("DetectionResult", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_from_elsewhere_has_no_florence2_result_and_says_why()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")).GetFlorence2Result<TextResult>());

        Assert.Contains("UseDistributedCache", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finish_reason_model_id_and_usage_come_from_the_result()
    {
        var prompt = new[] { 0, 11, 12, 13, 2 };
        var generated = new[] { 2, 0, 21, 22, 2 };
        var timings = new StageTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
        var truncated = new TextResult("A car", "A car", new ImageSize(8, 8), isTruncated: true)
        {
            Generation = new GenerationResult(TaskTokens.Caption, "What does the image describe?", prompt, generated, "A car", 0, new ImageSize(8, 8), timings),
        };
        var model = new RecordingFlorence2Model { Strict = false }
            .SetResult(TaskTokens.Caption, truncated)
            .SetResult(TaskTokens.Ocr, new TextResult("EXIT", "EXIT", new ImageSize(8, 8), isTruncated: false));
        var client = model.AsChatClient("my-florence");

        var cut = await client.GetResponseAsync([Ask("caption")]);
        var whole = await client.GetResponseAsync([Ask("read the text")]);

        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        Assert.Equal("my-florence", cut.ModelId);
        Assert.Equal(5, cut.Usage!.InputTokenCount);
        Assert.Equal(4, cut.Usage.OutputTokenCount);   // the decoder start token is not generated
        Assert.Equal(9, cut.Usage.TotalTokenCount);
        Assert.Null(whole.Usage);                      // a result built by hand has no generation to count
        Assert.NotNull(cut.ResponseId);
        Assert.NotEqual(cut.ResponseId, whole.ResponseId);
    }

    [Fact]
    public async Task Empty_box_results_read_nothing_found()
    {
        var model = new RecordingFlorence2Model { Strict = false };

        var response = await model.AsChatClient().GetResponseAsync([Ask("where is the unicorn")]);

        Assert.Equal("Nothing found.", response.Text);
        Assert.IsType<OpenVocabularyResult>(response.GetFlorence2Result<TaskResult>());
    }

    [Fact]
    public async Task The_cancellation_token_reaches_the_model()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        using var cts = new CancellationTokenSource();

        await model.AsChatClient().GetResponseAsync([Ask("describe")], cancellationToken: cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.AsChatClient().GetResponseAsync([Ask("describe")], cancellationToken: cts.Token));

        Assert.All(model.Calls, c => Assert.Equal(cts.Token, c.CancellationToken));
        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public async Task Streaming_refuses_beams_before_any_work()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var options = new ChatOptions { AdditionalProperties = new() { [Florence2ChatOptions.NumBeams] = 3 } };

        var e = await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (var _ in model.AsChatClient().GetStreamingResponseAsync([Ask("describe")], options))
            {
            }
        });

        Assert.Contains(Florence2ChatOptions.NumBeams, e.Message, StringComparison.Ordinal);
        Assert.Contains("GetResponseAsync", e.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task Streaming_a_text_task_goes_through_StreamTextAsync_with_the_token_limit()
    {
        var model = new RecordingFlorence2Model { Strict = false }.SetResult(TaskTokens.Caption, new TextResult("A car.", "A car.", new ImageSize(8, 8), false));
        var options = new ChatOptions { MaxOutputTokens = 12, AdditionalProperties = new() { [Florence2ChatOptions.NumBeams] = 1 } };

        var updates = await ToListAsync(model.AsChatClient("m").GetStreamingResponseAsync([Ask("caption")], options));

        var call = Assert.Single(model.Calls);
        Assert.Equal(Florence2Method.StreamTextAsync, call.Method);
        Assert.Equal(12, call.GenerationOptions!.MaxNewTokens);
        Assert.Equal("A car.", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Equal(("m", ChatRole.Assistant, updates[0].ResponseId), (u.ModelId, u.Role!.Value, u.ResponseId)));
    }

    [Fact]
    public async Task Streaming_a_box_task_yields_one_update_with_the_parsed_answer_decoded_greedily()
    {
        var detections = new DetectionResult([new Detection(new BoundingBox(1, 2, 3, 4), "car", 0.9f)], "raw", new ImageSize(8, 8), isTruncated: true);
        var model = new RecordingFlorence2Model { Strict = false }.SetResult(TaskTokens.ObjectDetection, detections);

        var updates = await ToListAsync(model.AsChatClient().GetStreamingResponseAsync([Ask("<OD>")]));

        var update = Assert.Single(updates);
        Assert.Equal("car: [1, 2, 3, 4]", update.Text);
        Assert.Same(detections, update.RawRepresentation);
        Assert.Equal(ChatFinishReason.Length, update.FinishReason);
        var call = Assert.Single(model.Calls);
        Assert.Equal(Florence2Method.RunAsync, call.Method);
        Assert.Equal(1, call.GenerationOptions!.NumBeams);
    }

    [Fact]
    public void GetService_returns_the_metadata_the_model_and_the_client()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var client = model.AsChatClient("florence-2-large");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal(("florence2", "florence-2-large"), (metadata?.ProviderName, metadata?.DefaultModelId));
        Assert.Same(model, client.GetService<IFlorence2Model>());
        Assert.Same(model, client.GetService<RecordingFlorence2Model>());
        Assert.Same(client, client.GetService<Florence2ChatClient>());
        Assert.Null(client.GetService<IFlorence2Model>(serviceKey: "other"));
        Assert.Null(client.GetService<Florence2Model>());
    }

    [Fact]
    public void The_default_model_id_is_the_model_folders_name()
    {
        Assert.Equal("(recording)", new RecordingFlorence2Model { Strict = false }.AsChatClient().GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void Disposing_the_client_leaves_the_model_to_its_owner()
    {
        var model = new RecordingFlorence2Model { Strict = false };

        model.AsChatClient().Dispose();

        Assert.False(model.IsDisposed);
    }

    private static ChatMessage Ask(string text) => new(ChatRole.User, [new DataContent(Png, "image/png"), new TextContent(text)]);

    private static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
