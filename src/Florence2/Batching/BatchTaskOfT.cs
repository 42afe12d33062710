using Florence2.Tasks;

namespace Florence2;

/// <summary>
/// One image-only task to run over many images with <see cref="IFlorence2Model.RunBatchAsync{TResult}"/>: its
/// prompt, its text input and how its answer becomes a <typeparamref name="TResult"/>. Create it with the factories
/// of <see cref="BatchTask"/>. Immutable and safe to share between threads.
/// </summary>
/// <typeparam name="TResult">The typed result of one image.</typeparam>
public sealed class BatchTask<TResult>
    where TResult : TaskResult
{
    internal BatchTask(string task, string? text, AnswerKind answerKind, Func<ILocationTokenParser, GenerationResult, AnswerTokens, TaskOptions?, TResult> parse)
    {
        // Fail on a task/text mismatch now, not once per image.
        TaskPrompt.Build(task, text);
        Task = task;
        Text = text;
        AnswerKind = answerKind;
        Parse = parse;
    }

    /// <summary>The task token (<see cref="TaskTokens"/>) or free prompt.</summary>
    public string Task { get; }

    /// <summary>The task's text input, the same for every image; null for tasks without one.</summary>
    public string? Text { get; }

    /// <summary>How the answer is parsed.</summary>
    public AnswerKind AnswerKind { get; }

    /// <summary>The parse step shared with the single-image task methods.</summary>
    internal Func<ILocationTokenParser, GenerationResult, AnswerTokens, TaskOptions?, TResult> Parse { get; }
}
