namespace Florence2;

/// <summary>
/// The task tokens Florence-2 was trained with. Pass one to <see cref="Florence2ModelExtensions.Generate"/>; any other text is
/// sent to the model unchanged (free prompts for fine-tuned models).
/// </summary>
public static class TaskTokens
{
    /// <summary>Text in the image.</summary>
    public const string Ocr = "<OCR>";

    /// <summary>Text in the image, with a quadrilateral per line.</summary>
    public const string OcrWithRegion = "<OCR_WITH_REGION>";

    /// <summary>A short caption.</summary>
    public const string Caption = "<CAPTION>";

    /// <summary>A caption of a sentence or two.</summary>
    public const string DetailedCaption = "<DETAILED_CAPTION>";

    /// <summary>A caption of a paragraph.</summary>
    public const string MoreDetailedCaption = "<MORE_DETAILED_CAPTION>";

    /// <summary>Object detection: labels with boxes.</summary>
    public const string ObjectDetection = "<OD>";

    /// <summary>Regions with a short description each.</summary>
    public const string DenseRegionCaption = "<DENSE_REGION_CAPTION>";

    /// <summary>Unlabelled region proposals.</summary>
    public const string RegionProposal = "<REGION_PROPOSAL>";

    /// <summary>Boxes for the phrases of a caption (text: the caption).</summary>
    public const string CaptionToPhraseGrounding = "<CAPTION_TO_PHRASE_GROUNDING>";

    /// <summary>Polygons of what an expression refers to (text: the expression).</summary>
    public const string ReferringExpressionSegmentation = "<REFERRING_EXPRESSION_SEGMENTATION>";

    /// <summary>Polygon of a region (text: four location tokens).</summary>
    public const string RegionToSegmentation = "<REGION_TO_SEGMENTATION>";

    /// <summary>Boxes or polygons of a named object (text: the name).</summary>
    public const string OpenVocabularyDetection = "<OPEN_VOCABULARY_DETECTION>";

    /// <summary>Category of a region (text: four location tokens).</summary>
    public const string RegionToCategory = "<REGION_TO_CATEGORY>";

    /// <summary>Description of a region (text: four location tokens).</summary>
    public const string RegionToDescription = "<REGION_TO_DESCRIPTION>";

    /// <summary>Text inside a region (text: four location tokens).</summary>
    public const string RegionToOcr = "<REGION_TO_OCR>";
}
