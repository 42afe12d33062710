namespace Florence2;

/// <summary>
/// A <see cref="Florence2Task"/> whose answer parses into a <typeparamref name="TResult"/>. Created by the factories of
/// <see cref="Florence2Task"/>. Immutable and safe to share between threads and calls.
/// </summary>
/// <typeparam name="TResult">The typed result of one image.</typeparam>
public sealed class Florence2Task<TResult> : Florence2Task
    where TResult : TaskResult
{
    private readonly Func<ILocationTokenParser, GenerationResult, AnswerTokens, float, TResult> _parse;

    internal Florence2Task(string token, string? text, BoundingBox? region, AnswerKind answerKind,
        Func<ILocationTokenParser, GenerationResult, AnswerTokens, float, TResult> parse)
        : base(token, text, region, answerKind)
    {
        _parse = parse;
    }

    /// <summary>Parses one generated answer, dropping items scored below <paramref name="minimumScore"/>.</summary>
    internal TResult Parse(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, float minimumScore) =>
        _parse(parser, generation, answer, minimumScore);
}
