using System.Text.Encodings.Web;
using System.Text.Json;

namespace Florence2.Cli;

/// <summary>The --json output: one object with the prompt, ids, text and timings.</summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(GenerationResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("task", result.Task);
            json.WriteString("prompt", result.Prompt);
            WriteIds(json, "promptTokenIds", result.PromptTokenIds);
            WriteIds(json, "generatedTokenIds", result.GeneratedTokenIds);
            json.WriteString("text", result.Text);
            json.WriteNumber("score", result.Score);
            json.WriteStartObject("imageSize");
            json.WriteNumber("width", result.ImageSize.Width);
            json.WriteNumber("height", result.ImageSize.Height);
            json.WriteEndObject();
            json.WriteNumber("decoderSteps", result.Timings.DecoderSteps);
            json.WriteStartObject("timingsMs");
            json.WriteNumber("preprocessing", Math.Round(result.Timings.Preprocessing.TotalMilliseconds, 2));
            json.WriteNumber("visionEncoder", Math.Round(result.Timings.VisionEncoder.TotalMilliseconds, 2));
            json.WriteNumber("textEncoder", Math.Round(result.Timings.TextEncoder.TotalMilliseconds, 2));
            json.WriteNumber("decoder", Math.Round(result.Timings.Decoder.TotalMilliseconds, 2));
            json.WriteNumber("total", Math.Round(result.Timings.Total.TotalMilliseconds, 2));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteIds(Utf8JsonWriter json, string name, IReadOnlyList<int> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
        {
            json.WriteNumberValue(id);
        }

        json.WriteEndArray();
    }
}
