using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Florence2.Samples.Json;

/// <summary>
/// Maps the library's <see cref="TaskResult"/> types onto the contract (<see cref="ResultEnvelope"/>) and writes it.
/// Coordinates are rounded to 3 decimals and scores to 4; a score that is NaN or infinite becomes null. Thread-safe.
/// </summary>
public static class ResultContract
{
    // Task tokens are written as "<OD>", not "\u003COD\u003E": the output is JSON for programs and people, not HTML to
    // embed, so only what JSON itself requires is escaped.
    private static readonly JsonSerializerOptions Options = new(ResultJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ResultJsonContext.Default,
    };

    /// <summary>The source-generated metadata of <see cref="ResultEnvelope"/> with the contract's escaping; pass it to <c>Results.Json</c>.</summary>
    public static JsonTypeInfo<ResultEnvelope> TypeInfo { get; } = (JsonTypeInfo<ResultEnvelope>)Options.GetTypeInfo(typeof(ResultEnvelope));

    /// <summary>The envelope of <paramref name="result"/>.</summary>
    /// <param name="result">The library's result.</param>
    /// <param name="task">The task token or prompt that ran (used when the result carries no generation details).</param>
    /// <param name="image">The image file, or null when the caller sent bytes.</param>
    /// <param name="region">The region a region task asked about; a text answer then has the <c>regionText</c> shape.</param>
    /// <param name="generationDetails">Whether to add <see cref="ResultEnvelope.Generation"/> (debugging).</param>
    public static ResultEnvelope From(TaskResult result, string task, string? image = null, BoundingBox? region = null, bool generationDetails = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        var generation = result.Generation;
        return new ResultEnvelope(
            image,
            generation?.Task ?? task,
            result.ImageSize.Width,
            result.ImageSize.Height,
            generation is null ? null : Milliseconds(generation.Timings.Total),
            generation?.GeneratedTokenIds.Count,
            result.IsTruncated,
            result.RawText,
            Body(result, region),
            generationDetails && generation is not null ? Details(generation) : null);
    }

    /// <summary>The envelope as one line of JSON.</summary>
    public static string Serialize(ResultEnvelope envelope) => JsonSerializer.Serialize(envelope, TypeInfo);

    private static ResultBody Body(TaskResult result, BoundingBox? region) => result switch
    {
        TextResult text when region is { } asked => new RegionTextBody(Box(asked), text.Text),
        TextResult text => new TextBody(text.Text),
        DetectionResult detections => Boxes(detections.Detections),
        GroundingResult grounding => new BoxesBody(
            [.. grounding.Groundings.SelectMany(g => g.Boxes.Select((box, i) => new LabelledBox(g.Phrase, Box(box), Score(g.Scores[i]))))]),
        OcrResult ocr => new QuadsBody([.. ocr.Lines.Select(l => new QuadLine(l.Text, Points(l.Quad.Points), Score(l.Score)))]),
        SegmentationResult segmentation => Polygons(segmentation.Segmentations),
        // The answer holds boxes or polygons, never both (spec 3.9); with neither it is an empty list of boxes.
        OpenVocabularyResult open when open.Segmentations.Count > 0 => Polygons(open.Segmentations),
        OpenVocabularyResult open => Boxes(open.Detections),
        _ => throw new NotSupportedException($"The JSON contract has no shape for {result.GetType().Name}; add one to docs/json.md and ResultBody."),
    };

    private static BoxesBody Boxes(IReadOnlyList<Detection> detections) =>
        new([.. detections.Select(d => new LabelledBox(d.Label, Box(d.Box), Score(d.Score)))]);

    private static PolygonsBody Polygons(IReadOnlyList<Segmentation> segmentations) =>
        new([.. segmentations.Select(s => new LabelledPolygons(s.Label, [.. s.Polygons.Select(p => Points(p.Points))], Score(s.Score)))]);

    private static GenerationDetails Details(GenerationResult generation) => new(
        generation.Prompt,
        generation.PromptTokenIds,
        generation.GeneratedTokenIds,
        double.IsFinite(generation.Score) ? generation.Score : null,
        generation.Timings.DecoderSteps,
        new StageMilliseconds(
            Milliseconds(generation.Timings.Preprocessing),
            Milliseconds(generation.Timings.VisionEncoder),
            Milliseconds(generation.Timings.TextEncoder),
            Milliseconds(generation.Timings.Decoder),
            Milliseconds(generation.Timings.Total)));

    private static double[] Box(BoundingBox box) => [Coordinate(box.X1), Coordinate(box.Y1), Coordinate(box.X2), Coordinate(box.Y2)];

    private static double[] Points(IReadOnlyList<ImagePoint> points)
    {
        var flat = new double[points.Count * 2];
        for (var i = 0; i < points.Count; i++)
        {
            flat[2 * i] = Coordinate(points[i].X);
            flat[(2 * i) + 1] = Coordinate(points[i].Y);
        }

        return flat;
    }

    // Coordinates come from location bins and the image size, so they are always finite.
    private static double Coordinate(float value) => Math.Round(value, 3);

    private static double? Score(float value) => float.IsFinite(value) ? Math.Round(value, 4) : null;

    private static double Milliseconds(TimeSpan span) => Math.Round(span.TotalMilliseconds, 3);
}
