using System.Text.Json.Serialization;

namespace Florence2.BatchCaption;

/// <summary>One line of the JSON lines output.</summary>
internal sealed record CaptionLine(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("caption")] string Caption);

/// <summary>Source-generated serialisation of <see cref="CaptionLine"/> (no reflection).</summary>
[JsonSerializable(typeof(CaptionLine))]
internal sealed partial class CaptionLineContext : JsonSerializerContext;
