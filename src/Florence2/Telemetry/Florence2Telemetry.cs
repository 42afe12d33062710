namespace Florence2;

/// <summary>
/// Names of the library's telemetry, for <c>AddSource</c> / <c>AddMeter</c> in OpenTelemetry or for listeners. Each call
/// is a span and measurements that follow the OpenTelemetry semantic conventions for generative AI clients
/// (<c>gen_ai.*</c>), with the library's per-stage <c>florence2.*</c> spans and histograms beside them. Durations are
/// in seconds. A cancelled call is not an error.
/// </summary>
public static class Florence2Telemetry
{
    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "Florence2";

    /// <summary>
    /// Operation name of a call's span (the GenAI conventions' <c>generate_content</c>: multimodal content generation);
    /// its display name is <c>generate_content {model}</c>. Tags: the <c>gen_ai.*</c> attributes below, <see cref="TaskTag"/>,
    /// image width and height, <c>error.type</c> on failure.
    /// </summary>
    public const string GenerateActivity = OperationName;

    /// <summary>Span of <see cref="IFlorence2Model.EncodeImage"/>: the parent of its preprocess and vision encoder spans.</summary>
    public const string EncodeImageActivity = "florence2.encode_image";

    /// <summary>Span of one batch of <see cref="IFlorence2Model.RunBatchAsync{TResult}"/> (tag <c>florence2.batch.size</c>): the parent of its stage spans.</summary>
    public const string BatchActivity = "florence2.batch";

    /// <summary>Span of a model load (tags: model, folder); a Hub download is its own <see cref="DownloadActivity"/> before it.</summary>
    public const string LoadActivity = "florence2.load";

    /// <summary>Span of a Hub download of a model's files.</summary>
    public const string DownloadActivity = "florence2.download";

    /// <summary>Span of image decoding, resizing and normalizing.</summary>
    public const string PreprocessActivity = "florence2.preprocess";

    /// <summary>Span of the vision encoder run.</summary>
    public const string VisionEncoderActivity = "florence2.vision_encoder";

    /// <summary>Span of prompt embedding and the text encoder run.</summary>
    public const string TextEncoderActivity = "florence2.text_encoder";

    /// <summary>Span of the decoder loop (tag <c>florence2.decoder_steps</c>).</summary>
    public const string DecoderActivity = "florence2.decoder";

    /// <summary>GenAI histogram, seconds: the duration of each call (tags: operation, provider, model, task; <c>error.type</c> on failure).</summary>
    public const string OperationDurationInstrument = "gen_ai.client.operation.duration";

    /// <summary>GenAI histogram, tokens: input tokens (image tokens plus prompt tokens) and output tokens of each call, tagged <see cref="TokenTypeAttribute"/>.</summary>
    public const string TokenUsageInstrument = "gen_ai.client.token.usage";

    /// <summary>GenAI histogram, seconds: from the start of a streamed call to its first piece of text.</summary>
    public const string TimeToFirstChunkInstrument = "gen_ai.client.operation.time_to_first_chunk";

    /// <summary>Histogram, seconds: time per stage, tagged <see cref="StageTag"/>.</summary>
    public const string StageDurationInstrument = "florence2.stage.duration";

    /// <summary>Histogram, seconds: time of a whole call, tagged <see cref="TaskTag"/>.</summary>
    public const string GenerateDurationInstrument = "florence2.generate.duration";

    /// <summary>Counter, tokens: generated tokens, tagged <see cref="TaskTag"/>.</summary>
    public const string GeneratedTokensInstrument = "florence2.generated_tokens";

    /// <summary>Counter: failed calls, tagged <see cref="TaskTag"/> and <c>error.type</c> (the exception type); cancellations are not counted.</summary>
    public const string ErrorsInstrument = "florence2.errors";

    /// <summary>Tag with the task token (or <c>custom</c> for free prompts, so that prompts never become tag values).</summary>
    public const string TaskTag = "florence2.task";

    /// <summary>Tag naming the stage: <c>preprocess</c>, <c>vision_encoder</c>, <c>text_encoder</c> or <c>decoder</c>.</summary>
    public const string StageTag = "florence2.stage";

    /// <summary>The GenAI operation every call reports: <c>generate_content</c>.</summary>
    public const string OperationName = "generate_content";

    /// <summary>The <c>gen_ai.provider.name</c> of this library's telemetry: <c>florence2</c>.</summary>
    public const string ProviderName = "florence2";

    /// <summary><c>gen_ai.operation.name</c>.</summary>
    public const string OperationNameAttribute = "gen_ai.operation.name";

    /// <summary><c>gen_ai.provider.name</c>.</summary>
    public const string ProviderNameAttribute = "gen_ai.provider.name";

    /// <summary><c>gen_ai.request.model</c>: the Hub id of the model, else its folder's name.</summary>
    public const string RequestModelAttribute = "gen_ai.request.model";

    /// <summary><c>gen_ai.response.model</c>: the same as the request's.</summary>
    public const string ResponseModelAttribute = "gen_ai.response.model";

    /// <summary><c>gen_ai.request.max_tokens</c>: the call's largest number of new tokens.</summary>
    public const string RequestMaxTokensAttribute = "gen_ai.request.max_tokens";

    /// <summary><c>gen_ai.usage.input_tokens</c>: image tokens plus prompt tokens (all the encoder reads).</summary>
    public const string InputTokensAttribute = "gen_ai.usage.input_tokens";

    /// <summary><c>gen_ai.usage.output_tokens</c>: generated tokens after the decoder start token.</summary>
    public const string OutputTokensAttribute = "gen_ai.usage.output_tokens";

    /// <summary><c>gen_ai.response.finish_reasons</c>: <c>stop</c> (end-of-sequence token) or <c>length</c> (the token limit).</summary>
    public const string FinishReasonsAttribute = "gen_ai.response.finish_reasons";

    /// <summary><c>gen_ai.token.type</c> of <see cref="TokenUsageInstrument"/>: <c>input</c> or <c>output</c>.</summary>
    public const string TokenTypeAttribute = "gen_ai.token.type";

    /// <summary><c>error.type</c>: the full name of the exception a call failed with.</summary>
    public const string ErrorTypeAttribute = "error.type";
}
