namespace Florence2;

/// <summary>
/// What business code needs from a Florence-2 model: run a task (<see cref="Florence2Task{TResult}"/>) on an image,
/// on many images, or as a stream of text; encode an image once for several tasks; and the model's facts. The typed
/// task methods (<c>DetectObjects</c>, <c>Caption</c>, <c>CaptionToPhraseGrounding</c>, ... and their <c>…Async</c>
/// twins) are extension methods over these members (<see cref="Florence2ModelExtensions"/>), so a fake or a decorator
/// implements only this interface. Implementations are safe to call from several threads at once.
/// </summary>
/// <remarks>
/// Every member may throw <see cref="InvalidImageException"/> (the image cannot be used), <see cref="ArgumentException"/>
/// (a malformed text input, a prompt too long for the model, features of another model instance),
/// <see cref="ArgumentOutOfRangeException"/> (an option out of range), <see cref="InvalidRegionException"/> (a region
/// outside the image) and <see cref="OperationCanceledException"/>.
/// <para>
/// Disposing (synchronously, or with <see cref="IAsyncDisposable.DisposeAsync"/> without blocking a thread) stops the
/// calls still running and frees the model's native resources once they have left.
/// </para>
/// <para>
/// The work is CPU-bound (or GPU-bound). The synchronous members run it on the caller's thread; the asynchronous ones
/// run it on the thread pool so that the caller's thread is free. Cancellation reaches ONNX Runtime
/// (<c>RunOptions.Terminate</c>) and the decode loop, so a cancelled call ends within one decoder step.
/// </para>
/// </remarks>
public interface IFlorence2Model : IDisposable, IAsyncDisposable
{
    /// <summary>What the model is: its folder, generation defaults, position limit and the providers its modules run on.</summary>
    Florence2ModelInfo Info { get; }

    /// <summary>Runs <paramref name="task"/> on one image on the caller's thread and returns its typed result, in the original image's pixels.</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="image">The image (<see cref="ImageInput"/>), or its features from <see cref="EncodeImage"/> of this same instance.</param>
    /// <param name="task">The task, from the factories of <see cref="Florence2Task"/>.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call, also inside a running ONNX session.</param>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> or <paramref name="task"/> is null.</exception>
    TResult Run<TResult>(VisionInput image, Florence2Task<TResult> task, TaskOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : TaskResult;

    /// <summary>Runs <paramref name="task"/> on one image on the thread pool; see <see cref="Run{TResult}"/>.</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="image">The image, or its features from <see cref="EncodeImage"/> of this same instance.</param>
    /// <param name="task">The task, from the factories of <see cref="Florence2Task"/>.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call, also inside a running ONNX session.</param>
    Task<TResult> RunAsync<TResult>(VisionInput image, Florence2Task<TResult> task, TaskOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : TaskResult;

    /// <summary>
    /// Runs one task over many images: the vision encoder runs once per batch of up to <see cref="BatchOptions.BatchSize"/>
    /// images, greedy decoding runs a batch's images together, and up to <see cref="BatchOptions.MaxDegreeOfParallelism"/>
    /// batches run at once. Results arrive as batches finish, not in input order: <see cref="BatchItemResult{TResult}.Index"/>
    /// says which image each is. An image that fails (unreadable, over the limits, features of another model) fails
    /// alone: its item carries the exception and the others go on. Each result equals <see cref="Run{TResult}"/>'s for that image.
    /// </summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="images">The images, read lazily as batches are started; entries may be encoded images of this model.</param>
    /// <param name="task">The task; region tasks are refused (their prompt differs per image size).</param>
    /// <param name="options">Batch size, parallelism and the task options for every image; null for the defaults.</param>
    /// <param name="cancellationToken">Stops every running batch; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or <paramref name="task"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="task"/> is a region task (thrown by this call, before any work).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (thrown by this call, before any work).</exception>
    IAsyncEnumerable<BatchItemResult<TResult>> RunBatchAsync<TResult>(IEnumerable<VisionInput> images, Florence2Task<TResult> task, BatchOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResult : TaskResult;

    /// <summary>
    /// Streams the answer's text token by token as it is generated (special tokens <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>
    /// left out, location tokens kept, the tokenizer's space clean-up applied). Streaming uses greedy decoding:
    /// with beams, no token is final before the end. Stopping the enumeration stops the generation.
    /// </summary>
    /// <param name="image">The image, or its features from <see cref="EncodeImage"/> of this same instance.</param>
    /// <param name="task">The task; its text is streamed, whatever its result type.</param>
    /// <param name="options">Generation overrides; more than one beam is refused.</param>
    /// <param name="cancellationToken">Stops the generation.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for more than one beam.</exception>
    IAsyncEnumerable<string> StreamTextAsync(VisionInput image, Florence2Task task, GenerationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the vision encoder once and returns the features, to answer several tasks on the same image: pass the
    /// result to any task of this same instance, which then skips the vision encoder. The text encoder and decoder
    /// still run per task, since they depend on the prompt.
    /// </summary>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the call, also inside a running ONNX session.</param>
    EncodedImage EncodeImage(ImageInput image, CancellationToken cancellationToken = default);

    /// <summary>Runs the vision encoder once on the thread pool; see <see cref="EncodeImage"/>.</summary>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the call, also inside a running ONNX session.</param>
    Task<EncodedImage> EncodeImageAsync(ImageInput image, CancellationToken cancellationToken = default);
}
