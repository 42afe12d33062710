namespace Florence2.Tasks;

/// <summary>
/// Expands a task token and its text into the English prompt the model was trained on. The task tokens are not
/// in the vocabulary: sent raw they tokenize into garbage. Follows the Python reference: the text is inserted as
/// given, not trimmed.
/// </summary>
internal static class TaskPrompt
{
    /// <summary>Builds the prompt. Unknown tasks are free prompts: task + text, unchanged.</summary>
    /// <exception cref="ArgumentException">A task that takes no text got some, or one that needs text got none.</exception>
    public static string Build(string task, string? text)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        if (!TaskCatalog.TryGet(task, out var definition))
        {
            return task + text;
        }

        if (!definition.TakesInput)
        {
            if (!string.IsNullOrEmpty(text))
            {
                throw new ArgumentException($"Task {task} takes no text, but got \"{text}\". Pass null, or use a task that takes text.", nameof(text));
            }

            return definition.PromptTemplate;
        }

        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException($"Task {task} needs text (its prompt is \"{definition.PromptTemplate}\"), but got none.", nameof(text));
        }

        return definition.PromptTemplate.Replace("{input}", text, StringComparison.Ordinal);
    }
}
