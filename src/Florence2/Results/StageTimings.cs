namespace Florence2;

/// <summary>Wall-clock time of each pipeline stage of one call.</summary>
/// <param name="Preprocessing">Decoding, resizing and normalizing the image.</param>
/// <param name="VisionEncoder">The vision model.</param>
/// <param name="TextEncoder">Prompt embedding and the text encoder.</param>
/// <param name="Decoder">The decoder loop (all steps, all beams).</param>
/// <param name="Total">The whole call, tokenization included.</param>
/// <param name="DecoderSteps">Number of decoder runs.</param>
public sealed record StageTimings(TimeSpan Preprocessing, TimeSpan VisionEncoder, TimeSpan TextEncoder, TimeSpan Decoder, TimeSpan Total, int DecoderSteps)
{
    /// <summary>The part of <see cref="VisionEncoder"/> spent inside ONNX Runtime's Run call.</summary>
    public TimeSpan VisionEncoderInference { get; init; }

    /// <summary>The part of <see cref="TextEncoder"/> spent inside ONNX Runtime's Run calls.</summary>
    public TimeSpan TextEncoderInference { get; init; }

    /// <summary>The part of <see cref="Decoder"/> spent inside ONNX Runtime's Run calls.</summary>
    public TimeSpan DecoderInference { get; init; }

    /// <summary>All time spent inside ONNX Runtime's Run calls: the model's own compute.</summary>
    public TimeSpan Inference => VisionEncoderInference + TextEncoderInference + DecoderInference;

    /// <summary>
    /// What the library added around the model, image preprocessing excluded: tokenizing, tensor plumbing, the
    /// cache, the search and detokenizing (parsing into typed results happens after <see cref="Total"/> is taken).
    /// <see cref="Total"/> − <see cref="Preprocessing"/> − <see cref="Inference"/>.
    /// </summary>
    public TimeSpan Overhead => Total - Preprocessing - Inference;
}
