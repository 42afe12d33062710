namespace Florence2;

/// <summary>Wall-clock time of each pipeline stage of one call.</summary>
/// <param name="Preprocessing">Decoding, resizing and normalizing the image.</param>
/// <param name="VisionEncoder">The vision model.</param>
/// <param name="TextEncoder">Prompt embedding and the text encoder.</param>
/// <param name="Decoder">The decoder loop (all steps, all beams).</param>
/// <param name="Total">The whole call, tokenization included.</param>
/// <param name="DecoderSteps">Number of decoder runs.</param>
public sealed record StageTimings(TimeSpan Preprocessing, TimeSpan VisionEncoder, TimeSpan TextEncoder, TimeSpan Decoder, TimeSpan Total, int DecoderSteps);
