using System.Globalization;
using System.Text;

namespace Florence2.AI;

/// <summary>
/// A task result as text a person or an agent can read: a text task's text; one line per box, quad or polygon for the
/// other tasks, with coordinates in whole pixels of the original image (the typed result keeps the exact values and
/// the scores). An answer with no item reads "Nothing found.".
/// </summary>
/// <example>
/// <c>car: [53, 255, 717, 594]</c> (detection, grounding); <c>EXIT: [(10, 20), (90, 20), (90, 40), (10, 40)]</c> (a line of
/// OCR with regions); <c>the red car: polygon of 14 points within [40, 200, 700, 590]</c> (segmentation).
/// </example>
internal static class ResultText
{
    public const string NothingFound = "Nothing found.";

    public static string Of(TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string>();
        switch (result)
        {
            case TextResult text:
                return text.Text;
            case DetectionResult detection:
                lines.AddRange(detection.Detections.Select(Line));
                break;
            case OcrResult ocr:
                lines.AddRange(ocr.Lines.Select(l => $"{l.Text}: [{string.Join(", ", l.Quad.Points.Select(Point))}]"));
                break;
            case GroundingResult grounding:
                lines.AddRange(grounding.Groundings.Select(g => $"{g.Phrase}: {string.Join(", ", g.Boxes.Select(Box))}"));
                break;
            case SegmentationResult segmentation:
                lines.AddRange(segmentation.Segmentations.SelectMany(Lines));
                break;
            case OpenVocabularyResult openVocabulary:
                lines.AddRange(openVocabulary.Detections.Select(Line));
                lines.AddRange(openVocabulary.Segmentations.SelectMany(Lines));
                break;
            default:
                // A result type of another implementation of IFlorence2Model: its raw answer is all there is to show.
                return result.RawText;
        }

        return lines.Count == 0 ? NothingFound : string.Join('\n', lines);
    }

    private static string Line(Detection detection) => Labelled(detection.Label, Box(detection.Box));

    private static IEnumerable<string> Lines(Segmentation segmentation) => segmentation.Polygons.Select(polygon =>
        Labelled(segmentation.Label, string.Create(CultureInfo.InvariantCulture, $"polygon of {polygon.Points.Count} points within {Box(polygon.Bounds)}")));

    private static string Labelled(string label, string geometry) => label.Length == 0 ? geometry : $"{label}: {geometry}";

    private static string Box(BoundingBox box) => new StringBuilder()
        .Append('[').Append(Pixel(box.X1)).Append(", ").Append(Pixel(box.Y1)).Append(", ").Append(Pixel(box.X2)).Append(", ").Append(Pixel(box.Y2)).Append(']')
        .ToString();

    private static string Point(ImagePoint point) => $"({Pixel(point.X)}, {Pixel(point.Y)})";

    private static string Pixel(float value) => MathF.Round(value, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
}
