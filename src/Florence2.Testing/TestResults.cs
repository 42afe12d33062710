namespace Florence2.Testing;

/// <summary>
/// Short factories for results to script a <see cref="RecordingFlorence2Model"/> with. Coordinates are in image
/// pixels; the image size defaults to the smallest that holds every box. Scores are 1. <see cref="TaskResult.RawText"/>
/// is the text (text results) or the labels in order (box results), and <see cref="TaskResult.Generation"/> is null,
/// as for any result built by hand. Thread-safe (stateless).
/// </summary>
public static class TestResults
{
    /// <summary>A caption or read text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="imageSize">The image size the result refers to; 0 × 0 when not given.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static TextResult Text(string text, ImageSize imageSize = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TextResult(text, text, imageSize, isTruncated: false);
    }

    /// <summary>A detection result with one labelled box per item, in order.</summary>
    /// <param name="items">Labels and boxes, for example <c>("car", new BoundingBox(10, 20, 200, 120))</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a label is null.</exception>
    public static DetectionResult Detections(params (string Label, BoundingBox Box)[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var detections = new Detection[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(items[i].Label, nameof(items));
            detections[i] = new Detection(items[i].Box, items[i].Label, 1f);
        }

        return new DetectionResult(detections, Labels(items), SizeHolding(items), isTruncated: false);
    }

    /// <summary>A phrase-grounding result with one box per phrase, in order.</summary>
    /// <param name="items">Phrases and their boxes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a phrase is null.</exception>
    public static GroundingResult Grounding(params (string Phrase, BoundingBox Box)[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var groundings = new PhraseGrounding[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(items[i].Phrase, nameof(items));
            groundings[i] = new PhraseGrounding(items[i].Phrase, [items[i].Box], [1f]);
        }

        return new GroundingResult(groundings, Labels(items), SizeHolding(items), isTruncated: false);
    }

    /// <summary>A read-text-with-regions result: one line per item, its quadrilateral the corners of the box.</summary>
    /// <param name="items">Line texts and their boxes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a text is null.</exception>
    public static OcrResult Ocr(params (string Text, BoundingBox Box)[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var lines = new OcrLine[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(items[i].Text, nameof(items));
            var b = items[i].Box;
            var quad = new QuadBox(new ImagePoint(b.X1, b.Y1), new ImagePoint(b.X2, b.Y1), new ImagePoint(b.X2, b.Y2), new ImagePoint(b.X1, b.Y2));
            lines[i] = new OcrLine(quad, items[i].Text, 1f);
        }

        return new OcrResult(lines, Labels(items), SizeHolding(items), isTruncated: false);
    }

    private static string Labels((string, BoundingBox)[] items) => string.Join(", ", items.Select(i => i.Item1));

    private static ImageSize SizeHolding((string, BoundingBox)[] items) =>
        new((int)Math.Ceiling(items.Select(i => i.Item2.X2).DefaultIfEmpty(0).Max()), (int)Math.Ceiling(items.Select(i => i.Item2.Y2).DefaultIfEmpty(0).Max()));
}
