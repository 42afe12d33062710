using System.Globalization;
using System.Text.RegularExpressions;

namespace Florence2.Tests.Acceptance;

/// <summary>
/// Checks that hold for the answer of any sound model, whatever it says: nothing cut by the token limit, every
/// location token of the raw answer used by the parsed result (none dropped by the parser), every box, quad and
/// polygon inside the image, no location tag left in a label or text.
/// </summary>
public static partial class AnswerChecks
{
    /// <summary>The findings for <paramref name="result"/> of <paramref name="task"/>; empty when every check holds.</summary>
    public static IReadOnlyList<string> Check(string task, TaskResult result)
    {
        var findings = new List<string>();
        var size = result.ImageSize;
        var locations = LocationToken().Count(result.RawText);
        if (result.IsTruncated)
        {
            findings.Add($"{task}: the answer reached the token limit and was cut.");
        }

        void Inside(string what, IEnumerable<ImagePoint> points)
        {
            foreach (var p in points)
            {
                if (!(p.X >= 0 && p.X <= size.Width && p.Y >= 0 && p.Y <= size.Height))
                {
                    findings.Add($"{task}: {what} has the point ({p.X}, {p.Y}) outside the {size.Width}x{size.Height} image.");
                    return;
                }
            }
        }

        void Box(string what, BoundingBox box)
        {
            Inside(what, [new ImagePoint(box.X1, box.Y1), new ImagePoint(box.X2, box.Y2)]);
            if (box.X2 < box.X1 || box.Y2 < box.Y1)
            {
                findings.Add($"{task}: {what} {box} is inverted.");
            }
        }

        void Label(string what, string text)
        {
            if (text.Contains("<loc_", StringComparison.Ordinal))
            {
                findings.Add($"{task}: {what} '{text}' keeps a location tag.");
            }
        }

        void Used(int used)
        {
            if (used != locations)
            {
                findings.Add($"{task}: the answer has {locations} location tokens but the parsed result uses {used}: the parser dropped part of it.");
            }
        }

        switch (result)
        {
            case TextResult text:
                Label("the text", text.Text);
                break;
            case DetectionResult detections:
                foreach (var d in detections.Detections)
                {
                    Box($"the box of '{d.Label}'", d.Box);
                    Label("the label", d.Label);
                }

                Used(4 * detections.Detections.Count);
                break;
            case OcrResult ocr:
                foreach (var line in ocr.Lines)
                {
                    Inside($"the quad of '{line.Text}'", line.Quad.Points);
                    Label("the line", line.Text);
                }

                Used(8 * ocr.Lines.Count);
                break;
            case GroundingResult grounding:
                // Phrases such as "the image" are dropped with their boxes by design (as in the Python reference), so
                // only what is kept is checked: each phrase has a box, inside the image.
                foreach (var g in grounding.Groundings)
                {
                    Label("the phrase", g.Phrase);
                    if (g.Boxes.Count == 0)
                    {
                        findings.Add($"{task}: the phrase '{g.Phrase}' has no box.");
                    }

                    foreach (var box in g.Boxes)
                    {
                        Box($"a box of '{g.Phrase}'", box);
                    }
                }

                break;
            case SegmentationResult segmentation:
                Used(Polygons(task, segmentation.Segmentations, Inside, Label, findings));
                break;
            case OpenVocabularyResult open:
                foreach (var d in open.Detections)
                {
                    Box($"the box of '{d.Label}'", d.Box);
                    Label("the label", d.Label);
                }

                Used((4 * open.Detections.Count) + Polygons(task, open.Segmentations, Inside, Label, findings));
                break;
        }

        return findings;
    }

    /// <summary>The parsed result in one line, for the record.</summary>
    public static string Describe(TaskResult result) => result switch
    {
        TextResult text => $"\"{text.Text}\"",
        DetectionResult d => string.Join("; ", d.Detections.Select(x => $"{x.Label} [{x.Box}] {Score(x.Score)}")),
        OcrResult ocr => string.Join("; ", ocr.Lines.Select(l => $"\"{l.Text}\" [{string.Join(' ', l.Quad.Points.Select(Point))}]")),
        GroundingResult g => string.Join("; ", g.Groundings.Select(x => $"{x.Phrase}: {string.Join(" ", x.Boxes.Select(b => $"[{b}]"))}")),
        SegmentationResult s => Segments(s.Segmentations),
        OpenVocabularyResult o => string.Join("; ", o.Detections.Select(x => $"{x.Label} [{x.Box}]")) + (o.Segmentations.Count > 0 ? "; " + Segments(o.Segmentations) : ""),
        _ => result.RawText,
    };

    private static int Polygons(string task, IReadOnlyList<Segmentation> segmentations, Action<string, IEnumerable<ImagePoint>> inside,
        Action<string, string> label, List<string> findings)
    {
        var used = 0;
        foreach (var s in segmentations)
        {
            label("the label", s.Label);
            foreach (var polygon in s.Polygons)
            {
                inside($"a polygon of '{s.Label}'", polygon.Points);
                if (polygon.Points.Count < 3)
                {
                    findings.Add($"{task}: a polygon of '{s.Label}' has {polygon.Points.Count} points.");
                }

                used += 2 * polygon.Points.Count;
            }
        }

        return used;
    }

    private static string Segments(IReadOnlyList<Segmentation> segmentations) =>
        string.Join("; ", segmentations.Select(s => $"{s.Label} {s.Polygons.Count} polygon(s) of {string.Join("+", s.Polygons.Select(p => p.Points.Count))} points, bounds [{BoundingBox.Enclosing(s.Polygons.SelectMany(p => p.Points).DefaultIfEmpty())}]"));

    private static string Point(ImagePoint p) => string.Create(CultureInfo.InvariantCulture, $"({p.X},{p.Y})");

    private static string Score(float score) => score.ToString("F2", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"<loc_\d+>")]
    private static partial Regex LocationToken();
}
