namespace Florence2;

/// <summary>
/// What business code needs from a Florence-2 model: one method per task, each returning a typed result in the
/// original image's pixel coordinates. Depend on this interface so that unit tests can pass a fake.
/// Implementations are safe to call from several threads at once.
/// </summary>
/// <remarks>
/// Every method may throw <see cref="InvalidImageException"/> (the image cannot be used),
/// <see cref="ArgumentException"/> (a missing or malformed text input, a prompt too long for the model),
/// <see cref="ArgumentOutOfRangeException"/> (an option out of range) and <see cref="OperationCanceledException"/>.
/// Region methods throw <see cref="InvalidRegionException"/> for a region that is not finite, inverted, empty or
/// outside the image.
/// <para>
/// Every task method accepts an <see cref="EncodedImage"/> from <see cref="EncodeImage"/> of the same instance in
/// place of the image, to answer several tasks from one vision-encoder run.
/// </para>
/// <para>
/// Every method has an <c>…Async</c> twin. The work is CPU-bound (or GPU-bound): the async methods run it on the
/// thread pool so that the caller's thread is free, and cancellation reaches ONNX Runtime
/// (<c>RunOptions.Terminate</c>) and the decode loop, so a cancelled call ends within one decoder step.
/// </para>
/// </remarks>
public interface IFlorence2Model : IDisposable
{
    /// <summary>
    /// Runs the vision encoder once and returns the features, to answer several tasks on the same image: pass the
    /// result (it converts to <see cref="ImageInput"/>) to any task method of this same instance, which then skips the
    /// vision encoder. The text encoder and decoder still run per task, since they depend on the prompt.
    /// </summary>
    /// <param name="image">The image; an input that already carries this model's features is returned as it is.</param>
    /// <param name="cancellationToken">Cancels the call, also inside a running ONNX session.</param>
    /// <exception cref="ArgumentException"><paramref name="image"/> carries features of another model instance.</exception>
    EncodedImage EncodeImage(ImageInput image, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="EncodeImage"/>.</summary>
    Task<EncodedImage> EncodeImageAsync(ImageInput image, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one image-only task (<see cref="BatchTask"/>) over many images: the vision encoder runs once per batch of
    /// up to <see cref="BatchOptions.BatchSize"/> images, greedy decoding runs a batch's images together, and up to
    /// <see cref="BatchOptions.MaxDegreeOfParallelism"/> batches run at once. Results arrive as batches finish, not in
    /// input order: <see cref="BatchItemResult{TResult}.Index"/> says which image each is. An image that fails
    /// (unreadable, over the limits, features of another model) fails alone: its item carries the exception and the
    /// others go on. Each result equals the single-image method's result for that image.
    /// </summary>
    /// <param name="images">The images, read lazily as batches are started; entries may be encoded images of this model.</param>
    /// <param name="task">The task, from the factories of <see cref="BatchTask"/>.</param>
    /// <param name="options">Batch size, parallelism and the task options for every image; null for the defaults.</param>
    /// <param name="cancellationToken">Stops every running batch; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or <paramref name="task"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (thrown by this call, before any work).</exception>
    IAsyncEnumerable<BatchItemResult<TResult>> RunBatchAsync<TResult>(IEnumerable<ImageInput> images, BatchTask<TResult> task, BatchOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResult : TaskResult;

    /// <summary>Runs one task on one image and returns the raw generated answer (text with location tokens).</summary>
    /// <param name="image">The image.</param>
    /// <param name="task">A task token from <see cref="TaskTokens"/>, or a free prompt for fine-tuned models.</param>
    /// <param name="text">The task's text input (caption, expression, region tokens); null for tasks without one.</param>
    /// <param name="options">Per-call overrides of the generation settings.</param>
    /// <param name="cancellationToken">Cancels the call, also inside a running ONNX session.</param>
    GenerationResult Generate(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Captions the image (<c>&lt;CAPTION&gt;</c>, <c>&lt;DETAILED_CAPTION&gt;</c> or <c>&lt;MORE_DETAILED_CAPTION&gt;</c>).</summary>
    TextResult Caption(ImageInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the text in the image (<c>&lt;OCR&gt;</c>).</summary>
    TextResult ReadText(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the text in the image line by line, each with its quadrilateral (<c>&lt;OCR_WITH_REGION&gt;</c>).</summary>
    OcrResult ReadTextWithRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Detects objects with their category names (<c>&lt;OD&gt;</c>).</summary>
    DetectionResult DetectObjects(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Finds regions and describes each in a few words (<c>&lt;DENSE_REGION_CAPTION&gt;</c>).</summary>
    DetectionResult CaptionRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Proposes unlabelled regions of interest (<c>&lt;REGION_PROPOSAL&gt;</c>); labels are empty.</summary>
    DetectionResult ProposeRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Locates the phrases of <paramref name="caption"/> in the image (<c>&lt;CAPTION_TO_PHRASE_GROUNDING&gt;</c>).</summary>
    GroundingResult CaptionToPhraseGrounding(ImageInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Segments what <paramref name="expression"/> refers to (<c>&lt;REFERRING_EXPRESSION_SEGMENTATION&gt;</c>).</summary>
    SegmentationResult SegmentExpression(ImageInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Segments the object inside <paramref name="region"/>, given in image pixels (<c>&lt;REGION_TO_SEGMENTATION&gt;</c>).</summary>
    SegmentationResult SegmentRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Finds <paramref name="objectName"/> as boxes or polygons (<c>&lt;OPEN_VOCABULARY_DETECTION&gt;</c>).</summary>
    OpenVocabularyResult DetectOpenVocabulary(ImageInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Names the category of what is in <paramref name="region"/> (<c>&lt;REGION_TO_CATEGORY&gt;</c>).</summary>
    TextResult ClassifyRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Describes what is in <paramref name="region"/> (<c>&lt;REGION_TO_DESCRIPTION&gt;</c>).</summary>
    TextResult DescribeRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the text inside <paramref name="region"/> (<c>&lt;REGION_TO_OCR&gt;</c>).</summary>
    TextResult ReadRegionText(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a free prompt (a fine-tuned checkpoint's own task token such as <c>&lt;DocVQA&gt;</c>, followed by
    /// <paramref name="text"/>) and parses the answer as <paramref name="answerKind"/> says: <see cref="TextResult"/>
    /// for <see cref="AnswerKind.PureText"/>, <see cref="DetectionResult"/> for boxes, <see cref="GroundingResult"/>,
    /// <see cref="OcrResult"/>, <see cref="SegmentationResult"/> or <see cref="OpenVocabularyResult"/>.
    /// A known task token works too (its prompt is expanded).
    /// </summary>
    TaskResult RunCustomTask(ImageInput image, string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText,
        TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Generate"/>.</summary>
    Task<GenerationResult> GenerateAsync(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="Caption"/>.</summary>
    Task<TextResult> CaptionAsync(ImageInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="ReadText"/>.</summary>
    Task<TextResult> ReadTextAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="ReadTextWithRegions"/>.</summary>
    Task<OcrResult> ReadTextWithRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="DetectObjects"/>.</summary>
    Task<DetectionResult> DetectObjectsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="CaptionRegions"/>.</summary>
    Task<DetectionResult> CaptionRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="ProposeRegions"/>.</summary>
    Task<DetectionResult> ProposeRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="CaptionToPhraseGrounding"/>.</summary>
    Task<GroundingResult> CaptionToPhraseGroundingAsync(ImageInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="SegmentExpression"/>.</summary>
    Task<SegmentationResult> SegmentExpressionAsync(ImageInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="SegmentRegion"/>.</summary>
    Task<SegmentationResult> SegmentRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="DetectOpenVocabulary"/>.</summary>
    Task<OpenVocabularyResult> DetectOpenVocabularyAsync(ImageInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="ClassifyRegion"/>.</summary>
    Task<TextResult> ClassifyRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="DescribeRegion"/>.</summary>
    Task<TextResult> DescribeRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="ReadRegionText"/>.</summary>
    Task<TextResult> ReadRegionTextAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="RunCustomTask"/>.</summary>
    Task<TaskResult> RunCustomTaskAsync(ImageInput image, string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText,
        TaskOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the answer's text token by token as it is generated (special tokens <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>
    /// left out, location tokens kept, the tokenizer's space clean-up applied). Streaming uses greedy decoding:
    /// with beams, no token is final before the end. Stopping the enumeration stops the generation.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for more than one beam.</exception>
    IAsyncEnumerable<string> StreamTextAsync(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default);
}
