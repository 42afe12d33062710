using System.Text.Json.Serialization;

namespace Florence2.Samples.Json;

/// <summary>The typed answer of a task; <c>kind</c> names its shape: text, regionText, boxes, quads or polygons.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextBody), "text")]
[JsonDerivedType(typeof(RegionTextBody), "regionText")]
[JsonDerivedType(typeof(BoxesBody), "boxes")]
[JsonDerivedType(typeof(QuadsBody), "quads")]
[JsonDerivedType(typeof(PolygonsBody), "polygons")]
public abstract record ResultBody;

/// <summary>A text answer: captions, OCR without regions, custom prompts answered in text.</summary>
/// <param name="Text">The answer, location tokens removed (kept for a custom prompt's pure-text answer).</param>
public sealed record TextBody(string Text) : ResultBody;

/// <summary>The answer about one region: its category, description or text.</summary>
/// <param name="Region">The region asked about, <c>[x1, y1, x2, y2]</c> in pixels, as the request gave it.</param>
/// <param name="Text">The answer.</param>
public sealed record RegionTextBody(double[] Region, string Text) : ResultBody;

/// <summary>Labelled boxes: object detection, dense region captions, region proposals (empty labels), phrase grounding and open-vocabulary boxes.</summary>
/// <param name="Boxes">The boxes in the order the model generated them.</param>
public sealed record BoxesBody(IReadOnlyList<LabelledBox> Boxes) : ResultBody;

/// <summary>Text lines with their quadrilaterals: OCR with regions.</summary>
/// <param name="Quads">The lines in the order the model generated them.</param>
public sealed record QuadsBody(IReadOnlyList<QuadLine> Quads) : ResultBody;

/// <summary>Labelled polygons: referring-expression and region segmentation, open-vocabulary polygons.</summary>
/// <param name="Polygons">One entry per segmented instance.</param>
public sealed record PolygonsBody(IReadOnlyList<LabelledPolygons> Polygons) : ResultBody;

/// <summary>One box.</summary>
/// <param name="Label">The label or grounded phrase; empty for region proposals.</param>
/// <param name="Box"><c>[x1, y1, x2, y2]</c> in pixels of the original image.</param>
/// <param name="Score">Confidence in [0, 1]; null when the model gave none that is a finite number.</param>
public sealed record LabelledBox(string Label, double[] Box, double? Score);

/// <summary>One OCR line.</summary>
/// <param name="Text">The line's text.</param>
/// <param name="Quad"><c>[x1, y1, x2, y2, x3, y3, x4, y4]</c> in pixels, in the order the model generated the corners.</param>
/// <param name="Score">Confidence in [0, 1]; null when not a finite number.</param>
public sealed record QuadLine(string Text, double[] Quad, double? Score);

/// <summary>One segmented instance.</summary>
/// <param name="Label">Its label; empty when the task gives none.</param>
/// <param name="Polygons">Its polygons, each a flat <c>[x1, y1, x2, y2, ...]</c> list in pixels.</param>
/// <param name="Score">Confidence in [0, 1]; null when not a finite number.</param>
public sealed record LabelledPolygons(string Label, IReadOnlyList<double[]> Polygons, double? Score);
