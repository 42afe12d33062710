using System.Globalization;
using SkiaSharp;

namespace Florence2.Cli.Annotation;

/// <summary>
/// Draws a result on its image with SkiaSharp: box and quad outlines, polygons filled translucent with an outline,
/// a label on a filled background per item, and the text of a text result in a banner. Written as PNG, upright as
/// viewers show the input (EXIF orientation applied), with the model's coordinates (in the stored frame) turned to match.
/// </summary>
internal static class Annotator
{
    private const byte FillAlpha = 102; // 40 %
    private const byte BannerAlpha = 166; // 65 %

    /// <exception cref="InvalidImageException">The image cannot be decoded.</exception>
    /// <exception cref="IOException">The PNG cannot be written.</exception>
    public static void Save(string imagePath, TaskResult result, BoundingBox? region, string outputPath)
    {
        using var source = SourceImage.Load(imagePath);
        using var picture = new SKBitmap(new SKImageInfo(source.UprightWidth, source.UprightHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var font = LabelFont.For(Math.Min(picture.Width, picture.Height));
        using (var canvas = new SKCanvas(picture))
        {
            Draw(canvas, source, result, region, font);
        }

        using var png = picture.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new IOException($"--annotate: Skia could not encode the {picture.Width}×{picture.Height} picture as PNG for {outputPath}.");
        File.WriteAllBytes(outputPath, png.ToArray());
    }

    /// <summary>Draws <paramref name="source"/> upright on <paramref name="canvas"/>, then the result over it.</summary>
    public static void Draw(SKCanvas canvas, SourceImage source, TaskResult result, BoundingBox? region, LabelFont font)
    {
        // Lines grow with the picture so they stay visible on large photos and small on thumbnails.
        var (width, height) = (source.UprightWidth, source.UprightHeight);
        var thickness = Math.Clamp(Math.Min(width, height) / 240, 2, 6);
        var labels = new List<(IReadOnlyList<ImagePoint> Points, string Text, SKColor Color)>();

        // Picture and shapes in the model's (stored) coordinates, turned upright by the matrix; labels afterwards, unturned.
        canvas.SetMatrix(source.ToUpright);
        canvas.DrawBitmap(source.Stored, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = thickness, StrokeJoin = SKStrokeJoin.Miter, IsAntialias = true };

        void Outline(IReadOnlyList<ImagePoint> points, SKColor color)
        {
            using var path = Path(points);
            stroke.Color = color;
            canvas.DrawPath(path, stroke);
        }

        void Box(BoundingBox box, string label, float? score)
        {
            var color = Palette.For(label);
            Outline(Corners(box), color);
            labels.Add((Corners(box), Label(label, score), color));
        }

        void Segment(Segmentation segmentation)
        {
            var color = Palette.For(segmentation.Label);

            // The union of the polygons, each filled even-odd (as Segmentation.ToMask): opaque in a layer that is
            // then blended at 40 %, so overlaps are tinted once and the picture shows through.
            using (var layer = new SKPaint { Color = SKColors.Black.WithAlpha(FillAlpha) })
            using (var fill = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true })
            {
                canvas.SaveLayer(layer);
                foreach (var polygon in segmentation.Polygons)
                {
                    using var path = Path(polygon.Points, SKPathFillType.EvenOdd);
                    canvas.DrawPath(path, fill);
                }

                canvas.Restore();
            }

            foreach (var polygon in segmentation.Polygons)
            {
                Outline(polygon.Points, color);
            }

            if (segmentation.Polygons.Count > 0)
            {
                labels.Add((segmentation.Polygons.SelectMany(p => p.Points).ToList(), Label(segmentation.Label, segmentation.Score), color));
            }
        }

        switch (result)
        {
            case TextResult text when region is { } box:
                Box(box, text.Text, score: null);
                break;
            case DetectionResult detections:
                detections.Detections.ToList().ForEach(d => Box(d.Box, d.Label, d.Score));
                break;
            case OcrResult ocr:
                foreach (var line in ocr.Lines)
                {
                    var color = Palette.For(line.Text);
                    Outline(line.Quad.Points, color);
                    labels.Add((line.Quad.Points, line.Text, color));
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

        canvas.ResetMatrix();
        if (result is TextResult banner && region is null)
        {
            Banner(canvas, width, banner.Text, font);
        }

        // Labels last, so no outline or fill covers them; each above its item's upright top-left corner.
        foreach (var (points, text, color) in labels.Where(l => l.Text.Length > 0))
        {
            var corner = BoundingBox.Enclosing(points.Select(p => source.ToUpright.MapPoint(p.X, p.Y)).Select(p => new ImagePoint(p.X, p.Y)));
            Tag(canvas, width, new SKPoint(corner.X1, corner.Y1), text, color, font, thickness);
        }
    }

    private static ImagePoint[] Corners(BoundingBox box) =>
        [new(box.X1, box.Y1), new(box.X2, box.Y1), new(box.X2, box.Y2), new(box.X1, box.Y2)];

    private static SKPath Path(IReadOnlyList<ImagePoint> points, SKPathFillType fillType = SKPathFillType.Winding)
    {
        using var builder = new SKPathBuilder { FillType = fillType };
        for (var i = 0; i < points.Count; i++)
        {
            if (i == 0)
            {
                builder.MoveTo(points[i].X, points[i].Y);
            }
            else
            {
                builder.LineTo(points[i].X, points[i].Y);
            }
        }

        builder.Close();
        return builder.Detach();
    }

    // Unlabelled items (proposals, segmentations of an expression) get no tag: a bare score says little.
    private static string Label(string label, float? score) =>
        score is { } s && label.Length > 0 ? $"{label} {s.ToString("0.00", CultureInfo.InvariantCulture)}" : label;

    /// <summary>A label on a filled background, just above <paramref name="corner"/>, or just below it at the top edge.</summary>
    private static void Tag(SKCanvas canvas, int width, SKPoint corner, string text, SKColor color, LabelFont font, int thickness)
    {
        var padding = MathF.Ceiling(font.LineHeight / 8) + 1;
        var (tagWidth, tagHeight) = (MathF.Ceiling(font.Measure(text) + (2 * padding)), MathF.Ceiling(font.LineHeight + (2 * padding)));
        var left = Math.Clamp(MathF.Round(corner.X) - (thickness / 2), 0, Math.Max(0, width - tagWidth));
        var top = MathF.Round(corner.Y) - (thickness / 2) - tagHeight;
        if (top < 0)
        {
            top = MathF.Round(corner.Y) + thickness;
        }

        using var background = new SKPaint { Color = color };
        canvas.DrawRect(left, top, tagWidth, tagHeight, background);
        font.Draw(canvas, text, left + padding, top + padding, Palette.TextOn(color));
    }

    /// <summary>The text of a text result, word-wrapped in a dark band across the top of the image.</summary>
    private static void Banner(SKCanvas canvas, int width, string text, LabelFont font)
    {
        var padding = MathF.Ceiling(font.LineHeight / 4);
        var lineHeight = MathF.Ceiling(font.LineHeight * 1.2f);
        var lines = Wrap(text, width - (2 * padding), font);
        using var band = new SKPaint { Color = SKColors.Black.WithAlpha(BannerAlpha) };
        canvas.DrawRect(0, 0, width, (lines.Count * lineHeight) + (2 * padding), band);
        for (var i = 0; i < lines.Count; i++)
        {
            font.Draw(canvas, lines[i], padding, padding + (i * lineHeight), SKColors.White);
        }
    }

    /// <summary>Greedy word wrap to <paramref name="maxWidth"/> pixels; a word wider than a line is broken between characters.</summary>
    internal static List<string> Wrap(string text, float maxWidth, LabelFont font)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var joined = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
            if (font.Measure(joined) <= maxWidth)
            {
                lines[^1] = joined;
                continue;
            }

            if (lines[^1].Length > 0)
            {
                lines.Add("");
            }

            foreach (var c in word)
            {
                // At least one character per line, however narrow the picture.
                if (lines[^1].Length > 0 && font.Measure(lines[^1] + c) > maxWidth)
                {
                    lines.Add("");
                }

                lines[^1] += c;
            }
        }

        return lines;
    }
}
