namespace Florence2;

/// <summary>
/// Turns Florence-2's generated text into typed results, one method per post-processing type (spec section 3).
/// Swappable, for callers who need other parsing rules. Implementations must be safe to call from several threads at
/// once (the model shares one instance), and should never throw on malformed text: the model can generate anything.
/// </summary>
public interface ILocationTokenParser
{
    /// <summary><c>pure_text</c>: the answer without <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c> and <c>&lt;pad&gt;</c>, trimmed.</summary>
    /// <param name="answer">The generated answer.</param>
    /// <param name="removeLocationTokens">Whether to remove <c>&lt;loc_N&gt;</c> tokens too (region-to-text answers repeat the region).</param>
    string ParseText(AnswerTokens answer, bool removeLocationTokens);

    /// <summary><c>description_with_bboxes</c> (<paramref name="labelsRequired"/> true) or <c>bboxes</c> (false, labels empty).</summary>
    /// <param name="answer">The generated answer.</param>
    /// <param name="imageSize">Size of the original image; coordinates are in its pixels.</param>
    /// <param name="labelsRequired">Whether each group of boxes must follow a label.</param>
    IReadOnlyList<Detection> ParseBoxes(AnswerTokens answer, ImageSize imageSize, bool labelsRequired);

    /// <summary><c>phrase_grounding</c>: each phrase with its boxes, blacklisted phrases (pronouns, "the image", …) left out.</summary>
    /// <param name="answer">The generated answer.</param>
    /// <param name="imageSize">Size of the original image.</param>
    IReadOnlyList<PhraseGrounding> ParseGroundings(AnswerTokens answer, ImageSize imageSize);

    /// <summary><c>ocr</c>: each text with the quadrilateral of its eight location tokens.</summary>
    /// <param name="answer">The generated answer.</param>
    /// <param name="imageSize">Size of the original image.</param>
    IReadOnlyList<OcrLine> ParseOcr(AnswerTokens answer, ImageSize imageSize);

    /// <summary><c>polygons</c> (<paramref name="labelsRequired"/> false, labels empty) or <c>description_with_polygons</c> (true).</summary>
    /// <param name="answer">The generated answer.</param>
    /// <param name="imageSize">Size of the original image.</param>
    /// <param name="labelsRequired">Whether each group of polygons must follow a label.</param>
    IReadOnlyList<Segmentation> ParsePolygons(AnswerTokens answer, ImageSize imageSize, bool labelsRequired);
}
