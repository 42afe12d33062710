using Florence2.Tokenization;

namespace Florence2.Tasks;

/// <summary>
/// Checks the text a caller gives to a task that takes free text (a caption, an expression, an object name) before it
/// is put into the prompt. Such text must not carry tokens the model reserves: the tokenizer would turn
/// <c>&lt;loc_5&gt;</c> or <c>&lt;/s&gt;</c> into the real control token, so user text could forge a location or end the
/// prompt early. It is refused, not escaped (Florence-2 has no escape form for them). Task tokens such as
/// <c>&lt;OD&gt;</c> are refused too: the Python processors treat them as a task switch inside text (an error or a
/// silent removal), never as words. Region tasks and free prompts are not checked: their text is location tokens
/// or a whole prompt the caller owns.
/// </summary>
internal static class PromptTextRules
{
    /// <summary>Throws when the text of <paramref name="task"/>, the free-text input of a catalog task, holds a reserved or task token or a lone surrogate.</summary>
    /// <exception cref="InvalidPromptTextException">What was found and where.</exception>
    public static void Check(Florence2Task task, FlorenceTokenizer tokenizer, string paramName)
    {
        var text = task.Text;
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        UnpairedSurrogates.ThrowIfAny(text, paramName);
        if (!TaskCatalog.TryGet(task.Token, out var definition) || !definition.TakesInput || RegionPrompt.RegionTasks.Contains(task.Token))
        {
            return;
        }

        if (tokenizer.TryFindAddedToken(text, out var index, out var length))
        {
            var token = text.Substring(index, length);
            throw new InvalidPromptTextException(
                $"The text for {task.Token} contains the model's reserved token \"{token}\" at index {index}. Reserved tokens (<s>, </s>, <pad>, <unk>, "
                + "<mask>, <loc_0>…<loc_999>, <poly>, <sep>, …) cannot be used as words; remove it. To give a region, use the region "
                + "task methods with a BoundingBox.", paramName, token, index);
        }

        foreach (var other in TaskCatalog.All)
        {
            var at = text.IndexOf(other.Token, StringComparison.Ordinal);
            if (at >= 0)
            {
                throw new InvalidPromptTextException(
                    $"The text for {task.Token} contains the task token \"{other.Token}\" at index {at}. The task is given by the task argument; "
                    + "the text must not hold task tokens (the Python processors would treat it as a task switch). Remove it.",
                    paramName, other.Token, at);
            }
        }
    }
}
