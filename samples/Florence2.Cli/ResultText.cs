using System.Globalization;

namespace Florence2.Cli;

/// <summary>The readable output: the text of a text result, otherwise a table of labels, boxes (whole pixels) and scores.</summary>
internal static class ResultText
{
    public static void Write(TextWriter output, TaskResult result, string indent)
    {
        switch (result)
        {
            case TextResult text:
                output.WriteLine(indent + text.Text);
                break;
            case DetectionResult detections:
                WriteDetections(output, detections.Detections, indent);
                break;
            case OcrResult ocr when ocr.Lines.Count > 0:
                var lines = new TextTable("text", "quad (4 corners x,y)", "score");
                foreach (var line in ocr.Lines)
                {
                    lines.Add(line.Text, string.Join(" ", line.Quad.Points.Select(Point)), Score(line.Score));
                }

                lines.WriteTo(output, indent);
                break;
            case GroundingResult grounding when grounding.Groundings.Count > 0:
                var phrases = new TextTable("phrase", "x1", "y1", "x2", "y2", "score");
                foreach (var phrase in grounding.Groundings)
                {
                    for (var i = 0; i < phrase.Boxes.Count; i++)
                    {
                        phrases.Add([phrase.Phrase, .. Box(phrase.Boxes[i]), Score(phrase.Scores[i])]);
                    }
                }

                phrases.WriteTo(output, indent);
                break;
            case SegmentationResult segmentation:
                WriteSegmentations(output, segmentation.Segmentations, result.ImageSize, indent);
                break;
            case OpenVocabularyResult open when open.Segmentations.Count > 0:
                WriteSegmentations(output, open.Segmentations, result.ImageSize, indent);
                break;
            case OpenVocabularyResult open:
                WriteDetections(output, open.Detections, indent);
                break;
            default:
                output.WriteLine(indent + "(nothing found)");
                break;
        }
    }

    private static void WriteDetections(TextWriter output, IReadOnlyList<Detection> detections, string indent)
    {
        if (detections.Count == 0)
        {
            output.WriteLine(indent + "(nothing found)");
            return;
        }

        var table = new TextTable("label", "x1", "y1", "x2", "y2", "score");
        foreach (var detection in detections)
        {
            table.Add([detection.Label, .. Box(detection.Box), Score(detection.Score)]);
        }

        table.WriteTo(output, indent);
    }

    private static void WriteSegmentations(TextWriter output, IReadOnlyList<Segmentation> segmentations, ImageSize size, string indent)
    {
        if (segmentations.Count == 0)
        {
            output.WriteLine(indent + "(nothing found)");
            return;
        }

        var table = new TextTable("label", "polygons", "x1", "y1", "x2", "y2", "pixels", "score");
        foreach (var segmentation in segmentations)
        {
            var points = segmentation.Polygons.SelectMany(p => p.Points).ToList();
            string[] bounds = points.Count > 0 ? Box(BoundingBox.Enclosing(points)) : ["", "", "", ""];
            var pixels = segmentation.ToMask(size).Count;
            table.Add([segmentation.Label, Whole(segmentation.Polygons.Count), .. bounds, Whole(pixels), Score(segmentation.Score)]);
        }

        table.WriteTo(output, indent);
    }

    private static string[] Box(BoundingBox box) => [Round(box.X1), Round(box.Y1), Round(box.X2), Round(box.Y2)];

    private static string Point(ImagePoint point) => $"{Round(point.X)},{Round(point.Y)}";

    private static string Round(float value) => Math.Round(value).ToString("0", CultureInfo.InvariantCulture);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Score(float score) => score.ToString("0.00", CultureInfo.InvariantCulture);
}
