namespace Florence2.Testing;

/// <summary>One call made to a <see cref="RecordingFlorence2Model"/>. Immutable.</summary>
/// <param name="Method">The <see cref="IFlorence2Model"/> method called, e.g. <c>"DetectObjects"</c>.</param>
/// <param name="Image">The image passed.</param>
/// <param name="Task">
/// The task token the call stands for (<c>&lt;OD&gt;</c> for <c>DetectObjects</c>, the detail's token for
/// <c>Caption</c>), or the task or prompt passed to <c>Generate</c> and <c>RunCustomTask</c>.
/// </param>
/// <param name="Text">The text input (caption, expression, object name, custom text); null when the method takes none.</param>
/// <param name="Region">The region passed to a region method; null otherwise.</param>
/// <param name="Options">The task options passed to a typed method; null for <c>Generate</c> or when none were passed.</param>
/// <param name="GenerationOptions">The generation options passed to <c>Generate</c>, or those inside <paramref name="Options"/>.</param>
/// <param name="AnswerKind">How the real model would parse the answer: the task's kind, or the kind passed to <c>RunCustomTask</c>.</param>
/// <param name="CancellationToken">The token passed, so tests can check that cancellation flows through.</param>
public sealed record Florence2Call(
    string Method,
    ImageInput Image,
    string Task,
    string? Text,
    BoundingBox? Region,
    TaskOptions? Options,
    GenerationOptions? GenerationOptions,
    AnswerKind AnswerKind,
    CancellationToken CancellationToken);
