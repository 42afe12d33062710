namespace Florence2.Tasks;

/// <summary>
/// Expands a task token and its text into the English prompt the model was trained on (spec section 2.1). The
/// task tokens are not in the vocabulary: sent raw they tokenize into garbage. Follows the Python reference:
/// the text is inserted as given, not trimmed.
/// </summary>
internal static class TaskPrompt
{
    private static readonly Dictionary<string, string> WithoutInput = new(StringComparer.Ordinal)
    {
        [TaskTokens.Ocr] = "What is the text in the image?",
        [TaskTokens.OcrWithRegion] = "What is the text in the image, with regions?",
        [TaskTokens.Caption] = "What does the image describe?",
        [TaskTokens.DetailedCaption] = "Describe in detail what is shown in the image.",
        [TaskTokens.MoreDetailedCaption] = "Describe with a paragraph what is shown in the image.",
        [TaskTokens.ObjectDetection] = "Locate the objects with category name in the image.",
        [TaskTokens.DenseRegionCaption] = "Locate the objects in the image, with their descriptions.",
        [TaskTokens.RegionProposal] = "Locate the region proposals in the image.",
    };

    private static readonly Dictionary<string, string> WithInput = new(StringComparer.Ordinal)
    {
        [TaskTokens.CaptionToPhraseGrounding] = "Locate the phrases in the caption: {input}",
        [TaskTokens.ReferringExpressionSegmentation] = "Locate {input} in the image with mask",
        [TaskTokens.RegionToSegmentation] = "What is the polygon mask of region {input}",
        [TaskTokens.OpenVocabularyDetection] = "Locate {input} in the image.",
        [TaskTokens.RegionToCategory] = "What is the region {input}?",
        [TaskTokens.RegionToDescription] = "What does the region {input} describe?",
        [TaskTokens.RegionToOcr] = "What text is in the region {input}?",
    };

    /// <summary>Builds the prompt. Unknown tasks are free prompts: task + text, unchanged.</summary>
    /// <exception cref="ArgumentException">A task that takes no text got some, or one that needs text got none.</exception>
    public static string Build(string task, string? text)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        if (WithoutInput.TryGetValue(task, out var prompt))
        {
            if (!string.IsNullOrEmpty(text))
            {
                throw new ArgumentException($"Task {task} takes no text, but got \"{text}\". Pass null, or use a task that takes text.", nameof(text));
            }

            return prompt;
        }

        if (WithInput.TryGetValue(task, out var template))
        {
            if (string.IsNullOrEmpty(text))
            {
                throw new ArgumentException($"Task {task} needs text (its prompt is \"{template}\"), but got none.", nameof(text));
            }

            return template.Replace("{input}", text, StringComparison.Ordinal);
        }

        return task + text;
    }
}
