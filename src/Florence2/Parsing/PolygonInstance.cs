namespace Florence2.Parsing;

/// <summary>The text of one polygon instance (a <c>&lt;poly&gt;…&lt;/poly&gt;</c> group or a whole phrase) and where it starts in the cleaned answer.</summary>
/// <param name="Label">The label of the phrase it belongs to.</param>
/// <param name="Text">The instance text; the polygon pattern's <c>$</c> anchors at its end.</param>
/// <param name="Offset">Offset of <paramref name="Text"/> in the cleaned answer.</param>
internal readonly record struct PolygonInstance(string Label, string Text, int Offset);
