namespace Florence2;

/// <summary>
/// Names of the library's telemetry, for <c>AddSource</c> / <c>AddMeter</c> in OpenTelemetry or for listeners.
/// Follows the .NET and OpenTelemetry conventions: lower-case dotted names, durations in seconds.
/// </summary>
public static class Florence2Telemetry
{
    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "Florence2";

    /// <summary>Span of one whole call (tags: <see cref="TaskTag"/>, image width and height).</summary>
    public const string GenerateActivity = "florence2.generate";

    /// <summary>Span of image decoding, resizing and normalizing.</summary>
    public const string PreprocessActivity = "florence2.preprocess";

    /// <summary>Span of the vision encoder run.</summary>
    public const string VisionEncoderActivity = "florence2.vision_encoder";

    /// <summary>Span of prompt embedding and the text encoder run.</summary>
    public const string TextEncoderActivity = "florence2.text_encoder";

    /// <summary>Span of the decoder loop (tag <c>florence2.decoder_steps</c>).</summary>
    public const string DecoderActivity = "florence2.decoder";

    /// <summary>Histogram, seconds: time per stage, tagged <see cref="StageTag"/>.</summary>
    public const string StageDurationInstrument = "florence2.stage.duration";

    /// <summary>Histogram, seconds: time of a whole call, tagged <see cref="TaskTag"/>.</summary>
    public const string GenerateDurationInstrument = "florence2.generate.duration";

    /// <summary>Counter, tokens: generated tokens, tagged <see cref="TaskTag"/>.</summary>
    public const string GeneratedTokensInstrument = "florence2.generated_tokens";

    /// <summary>Counter: failed calls, tagged <see cref="TaskTag"/> and <c>error.type</c> (the exception type).</summary>
    public const string ErrorsInstrument = "florence2.errors";

    /// <summary>Tag with the task token (or <c>custom</c> for free prompts, so that prompts never become tag values).</summary>
    public const string TaskTag = "florence2.task";

    /// <summary>Tag naming the stage: <c>preprocess</c>, <c>vision_encoder</c>, <c>text_encoder</c> or <c>decoder</c>.</summary>
    public const string StageTag = "florence2.stage";
}
