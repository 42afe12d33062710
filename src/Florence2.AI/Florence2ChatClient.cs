using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Florence2.AI;

/// <summary>
/// An <see cref="IChatClient"/> over a Florence-2 model, for agents, tools and pipelines that see images through the
/// Microsoft.Extensions.AI abstractions. Each request is one image and one task: the last message must be the user's,
/// with one image (a <see cref="DataContent"/> of an <c>image/*</c> media type) and the task as text. The answer is
/// text (for box tasks one line per box: <c>car: [53, 255, 717, 594]</c>, whole pixels); the typed result
/// (<see cref="DetectionResult"/>, ...) is <see cref="ChatResponse.RawRepresentation"/>, read it with
/// <see cref="Florence2ChatResponseExtensions.GetFlorence2Result{TResult}"/>. Create one with
/// <see cref="Florence2ChatClientExtensions.AsChatClient"/>. Stateless and thread-safe as the model is.
/// </summary>
/// <remarks>
/// <para><b>The task.</b> The message's text, read as follows.</para>
/// <list type="bullet">
/// <item>A task token first, and the task's input after it: <c>&lt;OD&gt;</c>, <c>&lt;MORE_DETAILED_CAPTION&gt;</c>,
/// <c>&lt;CAPTION_TO_PHRASE_GROUNDING&gt; A dog on a sofa</c>, <c>&lt;OPEN_VOCABULARY_DETECTION&gt; a wheel</c>,
/// <c>&lt;REGION_TO_DESCRIPTION&gt; 10,20,200,180</c> (a region in pixels: x1,y1,x2,y2). The 15 trained tokens match
/// whatever their case. Any other token is a fine-tune's own (<c>&lt;DocVQA&gt; What is the date?</c>): sent as
/// written, its answer parsed as <see cref="Florence2ChatOptions.AnswerKind"/> says (plain text by default).</item>
/// <item>Or plain words, matched whole (case, extra spaces and one trailing '.', '?' or '!' ignored): "caption",
/// "describe", "describe the image", "what is in the image" (<c>&lt;CAPTION&gt;</c>); "describe in detail"
/// (<c>&lt;DETAILED_CAPTION&gt;</c>); "describe in more detail", "describe with a paragraph"
/// (<c>&lt;MORE_DETAILED_CAPTION&gt;</c>); "detect objects", "find the objects", "list the objects" (<c>&lt;OD&gt;</c>);
/// "describe the regions" (<c>&lt;DENSE_REGION_CAPTION&gt;</c>); "propose regions" (<c>&lt;REGION_PROPOSAL&gt;</c>);
/// "read the text", "ocr", "what does it say" (<c>&lt;OCR&gt;</c>); "read the text with regions" or "with boxes"
/// (<c>&lt;OCR_WITH_REGION&gt;</c>).</item>
/// <item>Or leading words with the input after them: "where is …", "where are …", "find …", "locate …", "detect …"
/// (<c>&lt;OPEN_VOCABULARY_DETECTION&gt;</c>: "where is the red car" finds "the red car"); "segment …", "outline …"
/// (<c>&lt;REFERRING_EXPRESSION_SEGMENTATION&gt;</c>); "ground …", "ground the phrases of …"
/// (<c>&lt;CAPTION_TO_PHRASE_GROUNDING&gt;</c>). A trailing "in the image" is dropped from the input.</item>
/// <item>No text asks for a caption (<c>&lt;CAPTION&gt;</c>).</item>
/// <item>Any other text is refused with an <see cref="ArgumentException"/> that lists the phrases. It is not sent as a
/// free prompt: base Florence-2 was trained on its task prompts only, so a free question gets an answer that reads
/// well and means little. A fine-tune that takes questions has its own token, and the token form sends it.</item>
/// </list>
/// <para><b>The conversation.</b> Florence-2 keeps no conversation: only the last message is read. Earlier messages,
/// system messages and <see cref="ChatOptions.Instructions"/> are not sent to the model (it has no instruction
/// channel; refusing them would shut out every agent that sets a system prompt). A last message from another role,
/// without an image, with two images, with non-image data, or with another kind of content is refused
/// (<see cref="ArgumentException"/>, or <see cref="NotSupportedException"/> for a content kind that is not read).
/// <see cref="UriContent"/> is not fetched, not even a local file: pass the bytes (<c>DataContent.LoadFromAsync(path)</c>).
/// A picture that cannot be decoded throws <see cref="InvalidImageException"/> from the model.</para>
/// <para><b>Options.</b> <see cref="ChatOptions.MaxOutputTokens"/> is <see cref="GenerationOptions.MaxNewTokens"/>;
/// <see cref="Florence2ChatOptions"/> names the keys of <see cref="ChatOptions.AdditionalProperties"/> for beams, the
/// minimum score and a fine-tune's answer kind. Florence-2 decodes deterministically, so <see cref="ChatOptions.Temperature"/>
/// above 0, <see cref="ChatOptions.TopP"/>, <see cref="ChatOptions.TopK"/>, the penalties, stop sequences, tools, a JSON
/// response format, reasoning, a conversation id, a continuation token and a <see cref="ChatOptions.ModelId"/> other
/// than this client's are refused with a <see cref="NotSupportedException"/> that names the option, before any work:
/// an option quietly ignored would give an answer the caller did not ask for. <see cref="ChatOptions.Seed"/> is
/// accepted (every seed gives the same answer); <see cref="ChatOptions.AllowBackgroundResponses"/> is ignored, as the
/// abstraction allows for a client without background responses (the answer always comes back from the call).</para>
/// <para><b>The response.</b> <see cref="ChatResponse.FinishReason"/> is <see cref="ChatFinishReason.Length"/> when the
/// answer hit the token limit (<see cref="TaskResult.IsTruncated"/>), else <see cref="ChatFinishReason.Stop"/>;
/// <see cref="ChatResponse.Usage"/> counts the prompt's text tokens as input (the image's 577 tokens are not counted)
/// and the generated tokens after the decoder start token as output; <see cref="ChatResponse.ModelId"/> is
/// <see cref="ChatClientMetadata.DefaultModelId"/>. A response replayed from a cache (<c>UseDistributedCache</c>) keeps
/// the text, usage and finish reason but not the typed result.</para>
/// <para><b>Streaming</b> decodes greedily (<see cref="IFlorence2Model.StreamTextAsync"/>), so more than one beam is
/// refused. A plain-text task (captions, OCR, a fine-tune's text answer) streams token by token; its updates carry
/// no finish reason and no usage, which the model's stream does not report. Other tasks (boxes, polygons, a region's
/// text) arrive as one update with the readable text, usage, finish reason and the typed result as its
/// <see cref="ChatResponseUpdate.RawRepresentation"/>: their answer is location tokens until it is parsed.</para>
/// <para>The cancellation token reaches the model (and ONNX Runtime). <see cref="Dispose"/> does not dispose the model:
/// whoever created the model owns it.</para>
/// </remarks>
public sealed class Florence2ChatClient : IChatClient
{
    /// <summary>The provider name in <see cref="ChatClientMetadata"/> (and so in the <c>gen_ai.provider.name</c> telemetry attribute).</summary>
    public const string ProviderName = "florence2";

    private readonly IFlorence2Model _model;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a chat client over <paramref name="model"/>.</summary>
    /// <param name="model">The model; the client does not own it.</param>
    /// <param name="modelId">The model id to report; null for the Hub id of a model in the Hub cache, else the model folder's name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is empty or white space.</exception>
    public Florence2ChatClient(IFlorence2Model model, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (modelId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        }

        _model = model;
        // A model loaded by Hub id names it; a folder (perhaps a Hub cache snapshot) is named from its path.
        ModelId = modelId ?? (model.Info.ModelId.Contains('/', StringComparison.Ordinal) ? model.Info.ModelId : ModelName.Of(model.Info));
        _metadata = new ChatClientMetadata(ProviderName, providerUri: null, defaultModelId: ModelId);
    }

    /// <summary>The model id this client reports.</summary>
    public string ModelId { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The last message is not a user message with one image and a task (see the remarks of <see cref="Florence2ChatClient"/>).</exception>
    /// <exception cref="NotSupportedException">An option or a content that Florence-2 cannot honour.</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ChatRequest.Read(messages, options, ModelId, streaming: false);
        var result = await _model.RunAsync(request.Image, request.Task, request.Options, cancellationToken).ConfigureAwait(false);
        var createdAt = DateTimeOffset.UtcNow;
        var message = new ChatMessage(ChatRole.Assistant, ResultText.Of(result))
        {
            MessageId = NewId(),
            CreatedAt = createdAt,
            RawRepresentation = result,
        };
        return new ChatResponse(message)
        {
            ResponseId = message.MessageId,
            ModelId = ModelId,
            CreatedAt = createdAt,
            FinishReason = FinishReason(result),
            Usage = Usage(result),
            RawRepresentation = result,
        };
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The last message is not a user message with one image and a task (thrown when the enumeration starts).</exception>
    /// <exception cref="NotSupportedException">More than one beam, or another option or content that Florence-2 cannot honour (thrown when the enumeration starts).</exception>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ChatRequest.Read(messages, options, ModelId, streaming: true);
        var id = NewId();
        var createdAt = DateTimeOffset.UtcNow;
        if (request.Task.AnswerKind == AnswerKind.PureText && request.Task.Region is null)
        {
            await foreach (var piece in _model.StreamTextAsync(request.Image, request.Task, request.Options.Generation, cancellationToken).ConfigureAwait(false))
            {
                yield return Update(id, createdAt, [new TextContent(piece)]);
            }

            yield break;
        }

        // Boxes and polygons are location tokens until parsed: one update with the parsed answer, decoded greedily like a stream.
        var greedy = request.Options with { Generation = request.Options.Generation! with { NumBeams = 1 } };
        var result = await _model.RunAsync(request.Image, request.Task, greedy, cancellationToken).ConfigureAwait(false);
        List<AIContent> contents = [new TextContent(ResultText.Of(result))];
        if (Usage(result) is { } usage)
        {
            contents.Add(new UsageContent(usage));
        }

        var update = Update(id, createdAt, contents);
        update.FinishReason = FinishReason(result);
        update.RawRepresentation = result;
        yield return update;
    }

    /// <inheritdoc />
    /// <returns>
    /// For a null <paramref name="serviceKey"/>: the <see cref="ChatClientMetadata"/> (provider <see cref="ProviderName"/>, this
    /// client's model id), the model for <see cref="IFlorence2Model"/> (or a type it is), this client for its own types; else null.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(_model) ? _model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Does nothing: the model belongs to whoever created it (a DI container disposes it with the container).</summary>
    public void Dispose()
    {
    }

    private ChatResponseUpdate Update(string id, DateTimeOffset createdAt, IList<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        ResponseId = id,
        MessageId = id,
        ModelId = ModelId,
        CreatedAt = createdAt,
    };

    private static ChatFinishReason FinishReason(TaskResult result) => result.IsTruncated ? ChatFinishReason.Length : ChatFinishReason.Stop;

    /// <summary>Text tokens of the prompt in, generated tokens after the decoder start token out; null for a result built by hand.</summary>
    private static UsageDetails? Usage(TaskResult result)
    {
        if (result.Generation is not { } generation)
        {
            return null;
        }

        long input = generation.PromptTokenIds.Count;
        long output = Math.Max(0, generation.GeneratedTokenIds.Count - 1);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
