namespace Florence2.Tasks;

/// <summary>
/// One Florence-2 task: its token, the English prompt it expands to (with <c>{input}</c> where its text goes), and
/// how its answer is parsed. Immutable.
/// </summary>
/// <param name="Token">The task token, e.g. <c>&lt;OD&gt;</c>.</param>
/// <param name="PromptTemplate">The prompt; <c>{input}</c> marks where the task's text input is inserted.</param>
/// <param name="AnswerKind">The post-processing type of the answer.</param>
internal sealed record TaskDefinition(string Token, string PromptTemplate, AnswerKind AnswerKind)
{
    /// <summary>Whether the task takes a text or region input.</summary>
    public bool TakesInput => PromptTemplate.Contains("{input}", StringComparison.Ordinal);
}
