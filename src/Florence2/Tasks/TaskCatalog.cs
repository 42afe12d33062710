namespace Florence2.Tasks;

/// <summary>
/// The 15 tasks Florence-2 was trained with (spec section 2.1). Any other token is a free prompt for fine-tuned
/// checkpoints: sent as given and parsed as the caller asks.
/// </summary>
internal static class TaskCatalog
{
    private static readonly Dictionary<string, TaskDefinition> ByToken = Build(
    [
        new(TaskTokens.Ocr, "What is the text in the image?", AnswerKind.PureText),
        new(TaskTokens.OcrWithRegion, "What is the text in the image, with regions?", AnswerKind.Ocr),
        new(TaskTokens.Caption, "What does the image describe?", AnswerKind.PureText),
        new(TaskTokens.DetailedCaption, "Describe in detail what is shown in the image.", AnswerKind.PureText),
        new(TaskTokens.MoreDetailedCaption, "Describe with a paragraph what is shown in the image.", AnswerKind.PureText),
        new(TaskTokens.ObjectDetection, "Locate the objects with category name in the image.", AnswerKind.DescriptionWithBoxes),
        new(TaskTokens.DenseRegionCaption, "Locate the objects in the image, with their descriptions.", AnswerKind.DescriptionWithBoxes),
        new(TaskTokens.RegionProposal, "Locate the region proposals in the image.", AnswerKind.Boxes),
        new(TaskTokens.CaptionToPhraseGrounding, "Locate the phrases in the caption: {input}", AnswerKind.PhraseGrounding),
        new(TaskTokens.ReferringExpressionSegmentation, "Locate {input} in the image with mask", AnswerKind.Polygons),
        new(TaskTokens.RegionToSegmentation, "What is the polygon mask of region {input}", AnswerKind.Polygons),
        new(TaskTokens.OpenVocabularyDetection, "Locate {input} in the image.", AnswerKind.DescriptionWithBoxesOrPolygons),
        new(TaskTokens.RegionToCategory, "What is the region {input}?", AnswerKind.PureText),
        new(TaskTokens.RegionToDescription, "What does the region {input} describe?", AnswerKind.PureText),
        new(TaskTokens.RegionToOcr, "What text is in the region {input}?", AnswerKind.PureText),
    ]);

    /// <summary>All 15 tasks, in the order of the spec's table.</summary>
    public static IReadOnlyCollection<TaskDefinition> All => ByToken.Values;

    /// <summary>Finds a task by its token; false for free prompts.</summary>
    public static bool TryGet(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TaskDefinition? task) =>
        ByToken.TryGetValue(token, out task);

    private static Dictionary<string, TaskDefinition> Build(TaskDefinition[] tasks)
    {
        var map = new Dictionary<string, TaskDefinition>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            map.Add(task.Token, task);
        }

        return map;
    }
}
