namespace Florence2.Samples.Json;

/// <summary>What <c>florence2 run --json</c> adds for debugging: the prompt, token ids, sequence score and per-stage times.</summary>
/// <param name="Prompt">The prompt text the task expanded to.</param>
/// <param name="PromptTokenIds">The prompt's token ids.</param>
/// <param name="GeneratedTokenIds">The generated token ids.</param>
/// <param name="Score">The sequence score (a log-probability, ≤ 0); null when it is not a finite number (−∞ when every beam was cut off).</param>
/// <param name="DecoderSteps">How many decoder steps ran.</param>
/// <param name="TimingsMs">Milliseconds per stage.</param>
public sealed record GenerationDetails(
    string Prompt, IReadOnlyList<int> PromptTokenIds, IReadOnlyList<int> GeneratedTokenIds, double? Score, int DecoderSteps, StageMilliseconds TimingsMs);

/// <summary>Milliseconds spent in each stage of one call.</summary>
/// <param name="Preprocessing">Decoding and resizing the image.</param>
/// <param name="VisionEncoder">The vision encoder.</param>
/// <param name="TextEncoder">The text encoder.</param>
/// <param name="Decoder">The decoder loop.</param>
/// <param name="Total">The whole call.</param>
public sealed record StageMilliseconds(double Preprocessing, double VisionEncoder, double TextEncoder, double Decoder, double Total);
