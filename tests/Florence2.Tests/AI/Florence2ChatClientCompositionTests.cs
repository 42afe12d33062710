using System.Diagnostics;
using Florence2.AI;
using Florence2.Testing;
using Florence2.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Florence2.Tests.AI;

/// <summary>The chat client inside Microsoft.Extensions.AI's pipelines and containers.</summary>
public sealed class Florence2ChatClientCompositionTests
{
    private static readonly byte[] Png = TestImages.Png(16, 16);

    [Fact]
    public async Task UseOpenTelemetry_records_a_chat_span_with_the_gen_ai_attributes()
    {
        var source = $"florence2-chat-tests-{Guid.NewGuid():N}";
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build();
        var model = new RecordingFlorence2Model { Strict = false }.SetResult(TaskTokens.Caption, Caption("A car.", prompt: 6, generated: 5, truncated: true));
        using var client = model.AsChatClient("florence-2-base-ft").AsBuilder().UseOpenTelemetry(sourceName: source).Build();

        var response = await client.GetResponseAsync([Ask("describe")], new ChatOptions { MaxOutputTokens = 40 });
        tracing.ForceFlush();

        Assert.Equal("A car.", response.Text);
        var span = Assert.Single(spans);
        Assert.Equal("chat florence-2-base-ft", span.DisplayName);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("florence2", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("florence-2-base-ft", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("florence-2-base-ft", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(40, Convert.ToInt32(span.GetTagItem("gen_ai.request.max_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6L, Convert.ToInt64(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4L, Convert.ToInt64(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("[\"length\"]", span.GetTagItem("gen_ai.response.finish_reasons"));   // a JSON array in 10.11
    }

    [Fact]
    public async Task UseDistributedCache_answers_the_second_identical_request_without_the_model()
    {
        var model = new RecordingFlorence2Model { Strict = false }.SetResult(TaskTokens.Caption, Caption("A car.", prompt: 6, generated: 5, truncated: false));
        IDistributedCache cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        using var client = model.AsChatClient().AsBuilder().UseDistributedCache(cache).Build();

        var first = await client.GetResponseAsync([Ask("describe")]);
        var second = await client.GetResponseAsync([Ask("describe")]);
        var otherTask = await client.GetResponseAsync([Ask("read the text")]);

        Assert.Equal(2, model.Calls.Count);   // "describe" once, "read the text" once
        Assert.Equal([TaskTokens.Caption, TaskTokens.Ocr], model.Calls.Select(c => c.Token));
        Assert.Equal("A car.", second.Text);
        Assert.Equal(first.FinishReason, second.FinishReason);
        Assert.Equal(first.Usage!.OutputTokenCount, second.Usage!.OutputTokenCount);
        Assert.IsType<TextResult>(first.GetFlorence2Result<TaskResult>());
        // The cache keeps what JSON holds: the typed result does not come back, and GetFlorence2Result says why.
        var e = Assert.Throws<InvalidOperationException>(() => second.GetFlorence2Result<TextResult>());
        Assert.Contains("cache", e.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, otherTask.Text);
    }

    [Fact]
    public async Task UseLogging_logs_the_calls_of_the_client()
    {
        var logs = new CapturingLogger();
        var model = new RecordingFlorence2Model { Strict = false };
        using var client = model.AsChatClient().AsBuilder().UseLogging(logs).Build();

        await client.GetResponseAsync([Ask("describe")]);

        Assert.Contains(logs.Messages, m => m.Message.Contains(nameof(IChatClient.GetResponseAsync), StringComparison.Ordinal));
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task AddChatClient_of_Microsoft_Extensions_AI_resolves_a_pipeline_over_the_model_from_the_container()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        var services = new ServiceCollection();
        services.AddSingleton<IFlorence2Model>(model);
        services.AddDistributedMemoryCache();
        services.AddChatClient(sp => sp.GetRequiredService<IFlorence2Model>().AsChatClient("base"))
            .UseDistributedCache();
        services.AddKeyedChatClient("vision", sp => sp.GetRequiredService<IFlorence2Model>().AsChatClient("keyed"));
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        var keyed = provider.GetRequiredKeyedService<IChatClient>("vision");
        await client.GetResponseAsync([Ask("detect objects")]);
        await client.GetResponseAsync([Ask("detect objects")]);
        var keyedResponse = await keyed.GetResponseAsync([Ask("read the text")]);

        Assert.Same(model, client.GetService<IFlorence2Model>());
        Assert.Equal("base", client.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("keyed", keyedResponse.ModelId);
        Assert.Equal([TaskTokens.ObjectDetection, TaskTokens.Ocr], model.Calls.Select(c => c.Token));   // the second <OD> came from the cache
    }

    private static TextResult Caption(string text, int prompt, int generated, bool truncated)
    {
        var timings = new StageTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
        var size = new ImageSize(16, 16);
        return new TextResult(text, text, size, truncated)
        {
            Generation = new GenerationResult(TaskTokens.Caption, "What does the image describe?", new int[prompt], new int[generated], text, 0, size, timings),
        };
    }

    private static ChatMessage Ask(string text) => new(ChatRole.User, [new DataContent(Png, "image/png"), new TextContent(text)]);
}
