namespace Florence2;

/// <summary>
/// What business code needs from a Florence-2 model. Depend on this interface so that unit tests can pass a fake.
/// Implementations are safe to call from several threads at once.
/// </summary>
public interface IFlorence2Model : IDisposable
{
    /// <summary>Runs one task on one image and returns the raw generated answer.</summary>
    /// <param name="image">The image.</param>
    /// <param name="task">A task token from <see cref="TaskTokens"/>, or a free prompt for fine-tuned models.</param>
    /// <param name="text">The task's text input (caption, expression, region tokens); null for tasks without one.</param>
    /// <param name="options">Per-call overrides of the generation settings.</param>
    /// <param name="cancellationToken">Cancels the call, also inside a running ONNX session.</param>
    /// <exception cref="ArgumentException">The task and text do not fit together, or the prompt is too long.</exception>
    /// <exception cref="InvalidImageException">The image cannot be used.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    GenerationResult Generate(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default);
}
