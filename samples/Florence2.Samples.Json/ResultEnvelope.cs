using System.Text.Json.Serialization;

namespace Florence2.Samples.Json;

/// <summary>
/// One task's result as the samples write it (docs/json.md, docs/florence2-result.schema.json): what ran on which image,
/// how long it took, and the typed answer in <see cref="Result"/>.
/// </summary>
/// <param name="Image">The image file (CLI and BatchCaption); omitted by the web sample, whose caller sent the bytes.</param>
/// <param name="Task">The task token, such as <c>&lt;OD&gt;</c>, or the custom prompt.</param>
/// <param name="ImageWidth">Width of the original image in pixels; every coordinate is in these pixels.</param>
/// <param name="ImageHeight">Height of the original image in pixels.</param>
/// <param name="ElapsedMs">Wall time of the whole call in milliseconds; null when the result carries no timings (a test double).</param>
/// <param name="GeneratedTokens">How many tokens the decoder generated; null when unknown.</param>
/// <param name="Truncated">True when generation stopped at the token limit, so the answer may be cut short.</param>
/// <param name="RawText">The answer as the model generated it, location tokens kept.</param>
/// <param name="Result">The typed answer; its <c>kind</c> says which shape it has.</param>
/// <param name="Generation">Debugging details, written only by <c>florence2 run --json</c>.</param>
public sealed record ResultEnvelope(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Image,
    string Task,
    int ImageWidth,
    int ImageHeight,
    double? ElapsedMs,
    int? GeneratedTokens,
    bool Truncated,
    string RawText,
    ResultBody Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenerationDetails? Generation = null);
