using System.Text.Encodings.Web;
using System.Text.Json;

namespace Florence2.Cli;

/// <summary>
/// The --json output: one object per image, on one line (JSON Lines), with the image, the task, its size and the
/// typed result; the run command adds the prompt, token ids, raw text and timings for debugging.
/// </summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(string image, TaskResult typed, bool generationDetails)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("image", image);
            if (typed.Generation is { } result)
            {
                json.WriteString("task", result.Task);
            }

            json.WriteStartObject("imageSize");
            json.WriteNumber("width", typed.ImageSize.Width);
            json.WriteNumber("height", typed.ImageSize.Height);
            json.WriteEndObject();
            json.WriteBoolean("isTruncated", typed.IsTruncated);
            if (generationDetails && typed.Generation is { } details)
            {
                WriteGeneration(json, details);
            }

            json.WritePropertyName("result");
            WriteTyped(json, typed);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteGeneration(Utf8JsonWriter json, GenerationResult result)
    {
        json.WriteString("prompt", result.Prompt);
        WriteIds(json, "promptTokenIds", result.PromptTokenIds);
        WriteIds(json, "generatedTokenIds", result.GeneratedTokenIds);
        json.WriteString("text", result.Text);
        json.WriteNumber("score", result.Score);
        json.WriteNumber("decoderSteps", result.Timings.DecoderSteps);
        json.WriteStartObject("timingsMs");
        json.WriteNumber("preprocessing", Math.Round(result.Timings.Preprocessing.TotalMilliseconds, 2));
        json.WriteNumber("visionEncoder", Math.Round(result.Timings.VisionEncoder.TotalMilliseconds, 2));
        json.WriteNumber("textEncoder", Math.Round(result.Timings.TextEncoder.TotalMilliseconds, 2));
        json.WriteNumber("decoder", Math.Round(result.Timings.Decoder.TotalMilliseconds, 2));
        json.WriteNumber("total", Math.Round(result.Timings.Total.TotalMilliseconds, 2));
        json.WriteEndObject();
    }

    private static void WriteTyped(Utf8JsonWriter json, TaskResult typed)
    {
        json.WriteStartObject();
        switch (typed)
        {
            case TextResult text:
                json.WriteString("type", "text");
                json.WriteString("text", text.Text);
                break;
            case DetectionResult detections:
                json.WriteString("type", "detections");
                WriteDetections(json, detections.Detections);
                break;
            case OcrResult ocr:
                json.WriteString("type", "ocr");
                json.WriteStartArray("lines");
                foreach (var line in ocr.Lines)
                {
                    json.WriteStartObject();
                    json.WriteString("text", line.Text);
                    json.WriteStartArray("quad");
                    foreach (var point in line.Quad.Points)
                    {
                        Number(json, point.X);
                        Number(json, point.Y);
                    }

                    json.WriteEndArray();
                    json.WriteNumber("score", Math.Round(line.Score, 4));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case GroundingResult grounding:
                json.WriteString("type", "groundings");
                json.WriteStartArray("groundings");
                foreach (var phrase in grounding.Groundings)
                {
                    json.WriteStartObject();
                    json.WriteString("phrase", phrase.Phrase);
                    json.WriteStartArray("boxes");
                    for (var i = 0; i < phrase.Boxes.Count; i++)
                    {
                        WriteBox(json, phrase.Boxes[i], phrase.Scores[i]);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case SegmentationResult segmentation:
                json.WriteString("type", "segmentations");
                WriteSegmentations(json, segmentation.Segmentations);
                break;
            case OpenVocabularyResult open:
                json.WriteString("type", "openVocabulary");
                WriteDetections(json, open.Detections);
                WriteSegmentations(json, open.Segmentations);
                break;
            default:
                json.WriteString("type", typed.GetType().Name);
                break;
        }

        json.WriteEndObject();
    }

    private static void WriteDetections(Utf8JsonWriter json, IReadOnlyList<Detection> detections)
    {
        json.WriteStartArray("detections");
        foreach (var detection in detections)
        {
            json.WriteStartObject();
            json.WriteString("label", detection.Label);
            json.WritePropertyName("box");
            WriteBox(json, detection.Box, detection.Score);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSegmentations(Utf8JsonWriter json, IReadOnlyList<Segmentation> segmentations)
    {
        json.WriteStartArray("segmentations");
        foreach (var segmentation in segmentations)
        {
            json.WriteStartObject();
            json.WriteString("label", segmentation.Label);
            json.WriteNumber("score", Math.Round(segmentation.Score, 4));
            json.WriteStartArray("polygons");
            foreach (var polygon in segmentation.Polygons)
            {
                json.WriteStartArray();
                foreach (var point in polygon.Points)
                {
                    Number(json, point.X);
                    Number(json, point.Y);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteBox(Utf8JsonWriter json, BoundingBox box, float score)
    {
        json.WriteStartObject();
        json.WriteStartArray("xyxy");
        Number(json, box.X1);
        Number(json, box.Y1);
        Number(json, box.X2);
        Number(json, box.Y2);
        json.WriteEndArray();
        json.WriteNumber("score", Math.Round(score, 4));
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, float value) => json.WriteNumberValue(Math.Round(value, 3));

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
