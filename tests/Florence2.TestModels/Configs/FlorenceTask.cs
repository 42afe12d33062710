namespace Florence2.TestModels;

/// <summary>One row of the Florence-2 task table: the task token, the prompt it expands to and its post-processing type.</summary>
/// <param name="Token">The task token, such as <c>&lt;OD&gt;</c>.</param>
/// <param name="Prompt">The English prompt; tasks that take an input contain <c>{input}</c>.</param>
/// <param name="PostProcessing">The post-processing type, such as <c>description_with_bboxes</c>.</param>
public sealed record FlorenceTask(string Token, string Prompt, string PostProcessing)
{
    /// <summary>Whether the task takes text after its token.</summary>
    public bool TakesInput => Prompt.Contains("{input}", StringComparison.Ordinal);

    /// <summary>The 15 tasks of the Florence-2 processors, in their order.</summary>
    public static IReadOnlyList<FlorenceTask> All { get; } =
    [
        new("<OCR>", "What is the text in the image?", "pure_text"),
        new("<OCR_WITH_REGION>", "What is the text in the image, with regions?", "ocr"),
        new("<CAPTION>", "What does the image describe?", "pure_text"),
        new("<DETAILED_CAPTION>", "Describe in detail what is shown in the image.", "pure_text"),
        new("<MORE_DETAILED_CAPTION>", "Describe with a paragraph what is shown in the image.", "pure_text"),
        new("<OD>", "Locate the objects with category name in the image.", "description_with_bboxes"),
        new("<DENSE_REGION_CAPTION>", "Locate the objects in the image, with their descriptions.", "description_with_bboxes"),
        new("<REGION_PROPOSAL>", "Locate the region proposals in the image.", "bboxes"),
        new("<CAPTION_TO_PHRASE_GROUNDING>", "Locate the phrases in the caption: {input}", "phrase_grounding"),
        new("<REFERRING_EXPRESSION_SEGMENTATION>", "Locate {input} in the image with mask", "polygons"),
        new("<REGION_TO_SEGMENTATION>", "What is the polygon mask of region {input}", "polygons"),
        new("<OPEN_VOCABULARY_DETECTION>", "Locate {input} in the image.", "description_with_bboxes_or_polygons"),
        new("<REGION_TO_CATEGORY>", "What is the region {input}?", "pure_text"),
        new("<REGION_TO_DESCRIPTION>", "What does the region {input} describe?", "pure_text"),
        new("<REGION_TO_OCR>", "What text is in the region {input}?", "pure_text"),
    ];
}
