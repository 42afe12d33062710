namespace Florence2.Testing;

/// <summary>One call made to a <see cref="RecordingFlorence2Model"/>. Immutable.</summary>
/// <param name="Method">
/// The <see cref="IFlorence2Model"/> member called. The typed methods (<c>DetectObjects</c>, ...) are extension methods
/// that call <see cref="Florence2Method.Run"/> or <see cref="Florence2Method.RunAsync"/>; which task they ran is <paramref name="Task"/>.
/// </param>
/// <param name="Image">The image passed (for a batch, one call is recorded per image).</param>
/// <param name="Task">The task run, with its token, text, region and answer kind; null for <c>EncodeImage</c>.</param>
/// <param name="Options">The task options passed; null when none were passed.</param>
/// <param name="GenerationOptions">The generation options passed to <c>StreamTextAsync</c>, or those inside <paramref name="Options"/>.</param>
/// <param name="CancellationToken">The token passed, so tests can check that cancellation flows through.</param>
public sealed record Florence2Call(
    Florence2Method Method,
    VisionInput Image,
    Florence2Task? Task,
    TaskOptions? Options,
    GenerationOptions? GenerationOptions,
    CancellationToken CancellationToken)
{
    /// <summary>The task token (<c>&lt;OD&gt;</c> for <c>DetectObjects</c>, the detail's token for <c>Caption</c>, a free prompt); empty for <c>EncodeImage</c>.</summary>
    public string Token => Task?.Token ?? string.Empty;

    /// <summary>The task's text input (caption, expression, object name, custom text); null when it has none.</summary>
    public string? Text => Task?.Text;

    /// <summary>The region of a region task; null otherwise.</summary>
    public BoundingBox? Region => Task?.Region;

    /// <summary>How the real model would parse the answer.</summary>
    public AnswerKind AnswerKind => Task?.AnswerKind ?? AnswerKind.PureText;
}
