using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Cli.Annotation;

/// <summary>
/// Draws a result on its image: box and quad outlines, polygons filled translucent with an outline, a label on a
/// filled background per item, and the text of a text result in a banner. Written as PNG.
/// </summary>
internal static class Annotator
{
    private const float FillAlpha = 0.4f;
    private const float BannerAlpha = 0.65f;

    public static void Save(string imagePath, TaskResult result, BoundingBox? region, string outputPath)
    {
        using var image = Image.Load<Rgb24>(imagePath);
        Draw(new Canvas(image), result, region);
        image.SaveAsPng(outputPath);
    }

    public static void Draw(Canvas canvas, TaskResult result, BoundingBox? region)
    {
        // Lines and labels grow with the picture so they stay visible on large photos and small on thumbnails.
        var shortSide = Math.Min(canvas.Width, canvas.Height);
        var thickness = Math.Clamp(shortSide / 240, 2, 6);
        var scale = Math.Clamp((shortSide + 299) / 300, 1, 4);
        var labels = new List<(ImagePoint Corner, string Text, Rgb24 Color)>();

        void Box(BoundingBox box, string label, float? score)
        {
            var color = Palette.For(label);
            canvas.Outline(Corners(box), color, thickness);
            labels.Add((new ImagePoint(box.X1, box.Y1), Label(label, score), color));
        }

        void Segment(Segmentation segmentation)
        {
            var color = Palette.For(segmentation.Label);
            canvas.Fill(segmentation.ToMask(result.ImageSize), color, FillAlpha);
            foreach (var polygon in segmentation.Polygons)
            {
                canvas.Outline(polygon.Points, color, thickness);
            }

            if (segmentation.Polygons.Count > 0)
            {
                var bounds = BoundingBox.Enclosing(segmentation.Polygons.SelectMany(p => p.Points));
                labels.Add((new ImagePoint(bounds.X1, bounds.Y1), Label(segmentation.Label, segmentation.Score), color));
            }
        }

        switch (result)
        {
            case TextResult text when region is { } box:
                Box(box, text.Text, score: null);
                break;
            case TextResult text:
                Banner(canvas, text.Text, scale);
                break;
            case DetectionResult detections:
                detections.Detections.ToList().ForEach(d => Box(d.Box, d.Label, d.Score));
                break;
            case OcrResult ocr:
                foreach (var line in ocr.Lines)
                {
                    var color = Palette.For(line.Text);
                    canvas.Outline(line.Quad.Points, color, thickness);
                    labels.Add((line.Quad.Points[0], line.Text, color));
                }

                break;
            case GroundingResult grounding:
                foreach (var phrase in grounding.Groundings)
                {
                    for (var i = 0; i < phrase.Boxes.Count; i++)
                    {
                        Box(phrase.Boxes[i], phrase.Phrase, phrase.Scores[i]);
                    }
                }

                break;
            case SegmentationResult segmentation:
                segmentation.Segmentations.ToList().ForEach(Segment);
                break;
            case OpenVocabularyResult open:
                open.Detections.ToList().ForEach(d => Box(d.Box, d.Label, d.Score));
                open.Segmentations.ToList().ForEach(Segment);
                break;
        }

        // Labels last, so no outline or fill covers them.
        foreach (var (corner, text, color) in labels.Where(l => l.Text.Length > 0))
        {
            Tag(canvas, corner, text, color, scale, thickness);
        }
    }

    private static ImagePoint[] Corners(BoundingBox box) =>
        [new(box.X1, box.Y1), new(box.X2, box.Y1), new(box.X2, box.Y2), new(box.X1, box.Y2)];

    // Unlabelled items (proposals, segmentations of an expression) get no tag: a bare score says little.
    private static string Label(string label, float? score) =>
        score is { } s && label.Length > 0 ? $"{label} {s.ToString("0.00", CultureInfo.InvariantCulture)}" : label;

    /// <summary>A label on a filled background, just above <paramref name="corner"/>, or just below it at the top edge.</summary>
    private static void Tag(Canvas canvas, ImagePoint corner, string text, Rgb24 color, int scale, int thickness)
    {
        var (width, height) = BitmapFont.Measure(text, scale);
        var padding = scale + 1;
        var (tagWidth, tagHeight) = (width + (2 * padding), height + (2 * padding));
        var left = Math.Clamp((int)MathF.Round(corner.X) - (thickness / 2), 0, Math.Max(0, canvas.Width - tagWidth));
        var top = (int)MathF.Round(corner.Y) - (thickness / 2) - tagHeight;
        if (top < 0)
        {
            top = (int)MathF.Round(corner.Y) + thickness;
        }

        canvas.FillRectangle(left, top, tagWidth, tagHeight, color);
        canvas.Text(left + padding, top + padding, text, Palette.TextOn(color), scale);
    }

    /// <summary>The text of a text result, word-wrapped in a dark band across the top of the image.</summary>
    private static void Banner(Canvas canvas, string text, int scale)
    {
        var padding = 2 * scale;
        var perLine = Math.Max(1, (canvas.Width - (2 * padding)) / (BitmapFont.Advance * scale));
        var lines = Wrap(text, perLine);
        var lineHeight = (BitmapFont.GlyphHeight + 3) * scale;
        canvas.FillRectangle(0, 0, canvas.Width, (lines.Count * lineHeight) + (2 * padding) - (3 * scale), new Rgb24(0, 0, 0), BannerAlpha);
        for (var i = 0; i < lines.Count; i++)
        {
            canvas.Text(padding, padding + (i * lineHeight), lines[i], new Rgb24(255, 255, 255), scale);
        }
    }

    private static List<string> Wrap(string text, int perLine)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            for (var rest = word; rest.Length > 0; rest = rest.Length > perLine ? rest[perLine..] : "")
            {
                var piece = rest.Length > perLine ? rest[..perLine] : rest;
                var joined = lines[^1].Length == 0 ? piece : lines[^1] + " " + piece;
                if (joined.Length <= perLine)
                {
                    lines[^1] = joined;
                }
                else
                {
                    lines.Add(piece);
                }
            }
        }

        return lines;
    }
}
