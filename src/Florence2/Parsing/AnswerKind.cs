namespace Florence2;

/// <summary>
/// How a task's generated text is turned into a result: the reference's post-processing types (spec section 2.1).
/// </summary>
public enum AnswerKind
{
    /// <summary><c>pure_text</c>: captions, OCR and region-to-text tasks.</summary>
    PureText,

    /// <summary><c>description_with_bboxes</c>: object detection and dense region captions (label, then boxes).</summary>
    DescriptionWithBoxes,

    /// <summary><c>bboxes</c>: region proposals (boxes without labels).</summary>
    Boxes,

    /// <summary><c>phrase_grounding</c>: caption-to-phrase grounding.</summary>
    PhraseGrounding,

    /// <summary><c>ocr</c>: OCR with regions (text, then a quadrilateral).</summary>
    Ocr,

    /// <summary><c>polygons</c>: referring expression segmentation and region to segmentation.</summary>
    Polygons,

    /// <summary><c>description_with_bboxes_or_polygons</c>: open-vocabulary detection (boxes or polygons, with labels).</summary>
    DescriptionWithBoxesOrPolygons,
}
