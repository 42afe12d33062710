namespace Florence2;

/// <summary>
/// The typed task methods of <see cref="IFlorence2Model"/>: one per Florence-2 task, each a one-line call of
/// <see cref="IFlorence2Model.Run{TResult}"/> (or <see cref="IFlorence2Model.RunAsync{TResult}"/>) with the task from
/// <see cref="Florence2Task"/>'s factory of the same name. Results are in the original image's pixels. Thread-safe
/// as the model is.
/// </summary>
/// <remarks>
/// Every method takes an <see cref="ImageInput"/> or an <see cref="EncodedImage"/> of the same model (see
/// <see cref="IFlorence2Model.EncodeImage"/>). The synchronous methods run on the caller's thread, the <c>…Async</c>
/// ones on the thread pool. Inputs are checked before any work (see <see cref="Florence2Task"/>).
/// </remarks>
public static class Florence2ModelExtensions
{

    /// <summary>Captions the image (<c>&lt;CAPTION&gt;</c>, <c>&lt;DETAILED_CAPTION&gt;</c> or <c>&lt;MORE_DETAILED_CAPTION&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="detail">How much the caption says.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static TextResult Caption(this IFlorence2Model model, VisionInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.Caption(detail), options, cancellationToken);

    /// <summary>Captions the image (<c>&lt;CAPTION&gt;</c>, <c>&lt;DETAILED_CAPTION&gt;</c> or <c>&lt;MORE_DETAILED_CAPTION&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="detail">How much the caption says.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<TextResult> CaptionAsync(this IFlorence2Model model, VisionInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.Caption(detail), options, cancellationToken);

    /// <summary>Reads the text in the image (<c>&lt;OCR&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static TextResult ReadText(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.ReadText(), options, cancellationToken);

    /// <summary>Reads the text in the image (<c>&lt;OCR&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<TextResult> ReadTextAsync(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.ReadText(), options, cancellationToken);

    /// <summary>Reads the text in the image line by line, each with its quadrilateral (<c>&lt;OCR_WITH_REGION&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static OcrResult ReadTextWithRegions(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.ReadTextWithRegions(), options, cancellationToken);

    /// <summary>Reads the text in the image line by line, each with its quadrilateral (<c>&lt;OCR_WITH_REGION&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<OcrResult> ReadTextWithRegionsAsync(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.ReadTextWithRegions(), options, cancellationToken);

    /// <summary>Detects objects with their category names (<c>&lt;OD&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static DetectionResult DetectObjects(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.DetectObjects(), options, cancellationToken);

    /// <summary>Detects objects with their category names (<c>&lt;OD&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<DetectionResult> DetectObjectsAsync(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.DetectObjects(), options, cancellationToken);

    /// <summary>Finds regions and describes each in a few words (<c>&lt;DENSE_REGION_CAPTION&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static DetectionResult CaptionRegions(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.CaptionRegions(), options, cancellationToken);

    /// <summary>Finds regions and describes each in a few words (<c>&lt;DENSE_REGION_CAPTION&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<DetectionResult> CaptionRegionsAsync(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.CaptionRegions(), options, cancellationToken);

    /// <summary>Proposes unlabelled regions of interest (<c>&lt;REGION_PROPOSAL&gt;</c>); labels are empty.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static DetectionResult ProposeRegions(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.ProposeRegions(), options, cancellationToken);

    /// <summary>Proposes unlabelled regions of interest (<c>&lt;REGION_PROPOSAL&gt;</c>); labels are empty. Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<DetectionResult> ProposeRegionsAsync(this IFlorence2Model model, VisionInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.ProposeRegions(), options, cancellationToken);

    /// <summary>Locates the phrases of <paramref name="caption"/> in the image (<c>&lt;CAPTION_TO_PHRASE_GROUNDING&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="caption">The caption whose phrases to find.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static GroundingResult CaptionToPhraseGrounding(this IFlorence2Model model, VisionInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.CaptionToPhraseGrounding(caption), options, cancellationToken);

    /// <summary>Locates the phrases of <paramref name="caption"/> in the image (<c>&lt;CAPTION_TO_PHRASE_GROUNDING&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="caption">The caption whose phrases to find.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<GroundingResult> CaptionToPhraseGroundingAsync(this IFlorence2Model model, VisionInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.CaptionToPhraseGrounding(caption), options, cancellationToken);

    /// <summary>Segments what <paramref name="expression"/> refers to (<c>&lt;REFERRING_EXPRESSION_SEGMENTATION&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="expression">The referring expression.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static SegmentationResult SegmentExpression(this IFlorence2Model model, VisionInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.SegmentExpression(expression), options, cancellationToken);

    /// <summary>Segments what <paramref name="expression"/> refers to (<c>&lt;REFERRING_EXPRESSION_SEGMENTATION&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="expression">The referring expression.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<SegmentationResult> SegmentExpressionAsync(this IFlorence2Model model, VisionInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.SegmentExpression(expression), options, cancellationToken);

    /// <summary>Segments the object inside <paramref name="region"/>, given in image pixels (<c>&lt;REGION_TO_SEGMENTATION&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static SegmentationResult SegmentRegion(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.SegmentRegion(region), options, cancellationToken);

    /// <summary>Segments the object inside <paramref name="region"/>, given in image pixels (<c>&lt;REGION_TO_SEGMENTATION&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<SegmentationResult> SegmentRegionAsync(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.SegmentRegion(region), options, cancellationToken);

    /// <summary>Finds <paramref name="objectName"/> as boxes or polygons (<c>&lt;OPEN_VOCABULARY_DETECTION&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="objectName">What to find.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static OpenVocabularyResult DetectOpenVocabulary(this IFlorence2Model model, VisionInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.DetectOpenVocabulary(objectName), options, cancellationToken);

    /// <summary>Finds <paramref name="objectName"/> as boxes or polygons (<c>&lt;OPEN_VOCABULARY_DETECTION&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="objectName">What to find.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<OpenVocabularyResult> DetectOpenVocabularyAsync(this IFlorence2Model model, VisionInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.DetectOpenVocabulary(objectName), options, cancellationToken);

    /// <summary>Names the category of what is in <paramref name="region"/> (<c>&lt;REGION_TO_CATEGORY&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static TextResult ClassifyRegion(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.ClassifyRegion(region), options, cancellationToken);

    /// <summary>Names the category of what is in <paramref name="region"/> (<c>&lt;REGION_TO_CATEGORY&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<TextResult> ClassifyRegionAsync(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.ClassifyRegion(region), options, cancellationToken);

    /// <summary>Describes what is in <paramref name="region"/> (<c>&lt;REGION_TO_DESCRIPTION&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static TextResult DescribeRegion(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.DescribeRegion(region), options, cancellationToken);

    /// <summary>Describes what is in <paramref name="region"/> (<c>&lt;REGION_TO_DESCRIPTION&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<TextResult> DescribeRegionAsync(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.DescribeRegion(region), options, cancellationToken);

    /// <summary>Reads the text inside <paramref name="region"/> (<c>&lt;REGION_TO_OCR&gt;</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static TextResult ReadRegionText(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.ReadRegionText(region), options, cancellationToken);

    /// <summary>Reads the text inside <paramref name="region"/> (<c>&lt;REGION_TO_OCR&gt;</c>). Runs on the thread pool.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<TextResult> ReadRegionTextAsync(this IFlorence2Model model, VisionInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.ReadRegionText(region), options, cancellationToken);

    /// <summary>
    /// Runs a free prompt (a fine-tuned checkpoint's own task token such as <c>&lt;DocVQA&gt;</c>, followed by
    /// <paramref name="text"/>) and parses the answer as <paramref name="answerKind"/> says; see <see cref="Florence2Task.Custom"/>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="prompt">The task token or prompt.</param>
    /// <param name="text">Text after the prompt; null for none.</param>
    /// <param name="answerKind">How to parse the answer.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static TaskResult RunCustomTask(this IFlorence2Model model, VisionInput image, string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText,
        TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).Run(image, Florence2Task.Custom(prompt, text, answerKind), options, cancellationToken);

    /// <summary>Runs a free prompt on the thread pool; see <see cref="RunCustomTask"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="prompt">The task token or prompt.</param>
    /// <param name="text">Text after the prompt; null for none.</param>
    /// <param name="answerKind">How to parse the answer.</param>
    /// <param name="options">Generation overrides and the minimum score; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<TaskResult> RunCustomTaskAsync(this IFlorence2Model model, VisionInput image, string prompt, string? text = null,
        AnswerKind answerKind = AnswerKind.PureText, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).RunAsync(image, Florence2Task.Custom(prompt, text, answerKind), options, cancellationToken);

    /// <summary>
    /// Runs any task by its token and returns the raw generated answer (text with location tokens, token ids,
    /// log-probabilities, timings), for debugging and for formats the typed results do not cover.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="task">A task token (<see cref="TaskTokens"/>), or a free prompt.</param>
    /// <param name="text">The task's text input (for the region tasks, the four location tokens); null for tasks without one.</param>
    /// <param name="options">Generation overrides; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException">The model returned a result without its generation (a fake that does not fill it in).</exception>
    public static GenerationResult Generate(this IFlorence2Model model, VisionInput image, string task, string? text = null, GenerationOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GenerationOf(Model(model).Run(image, Florence2Task.Custom(task, text), Options(options), cancellationToken));

    /// <summary>Runs any task by its token on the thread pool and returns the raw generated answer; see <see cref="Generate"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="task">A task token (<see cref="TaskTokens"/>), or a free prompt.</param>
    /// <param name="text">The task's text input; null for tasks without one.</param>
    /// <param name="options">Generation overrides; null keeps the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<GenerationResult> GenerateAsync(this IFlorence2Model model, VisionInput image, string task, string? text = null,
        GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        GenerationOf(await Model(model).RunAsync(image, Florence2Task.Custom(task, text), Options(options), cancellationToken).ConfigureAwait(false));

    /// <summary>Streams the answer of a task given by its token; see <see cref="IFlorence2Model.StreamTextAsync"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="image">The image, or its features from <see cref="IFlorence2Model.EncodeImage"/> of the same model.</param>
    /// <param name="task">A task token (<see cref="TaskTokens"/>), or a free prompt.</param>
    /// <param name="text">The task's text input; null for tasks without one.</param>
    /// <param name="options">Generation overrides; more than one beam is refused.</param>
    /// <param name="cancellationToken">Stops the generation.</param>
    public static IAsyncEnumerable<string> StreamTextAsync(this IFlorence2Model model, VisionInput image, string task, string? text = null,
        GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Model(model).StreamTextAsync(image, Florence2Task.Custom(task, text), options, cancellationToken);

    private static IFlorence2Model Model(IFlorence2Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model;
    }

    private static TaskOptions? Options(GenerationOptions? generation) => generation is null ? null : new TaskOptions { Generation = generation };

    private static GenerationResult GenerationOf(TaskResult result) => result.Generation
        ?? throw new InvalidOperationException($"The model returned a {result.GetType().Name} without its GenerationResult; Generate needs the raw answer.");
}
