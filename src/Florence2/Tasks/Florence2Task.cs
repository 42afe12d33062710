using Florence2.Parsing;
using Florence2.Tasks;

namespace Florence2;

/// <summary>
/// One Florence-2 task as a value: its task token, its input (text or a region in image pixels), and how its answer
/// becomes a typed result. Build one with the factories (<see cref="DetectObjects"/>, <see cref="Caption"/>,
/// <see cref="CaptionToPhraseGrounding"/>, <see cref="Custom"/>, ...) and run it with
/// <see cref="IFlorence2Model.RunAsync{TResult}"/>, one image or a batch, or through the typed extension methods
/// (<c>model.DetectObjects(image)</c>), which do exactly that. Immutable and safe to share between threads and calls.
/// </summary>
/// <remarks>
/// Inputs are checked when the task is created: a task that takes no text refuses text, one that needs text refuses
/// none (<see cref="ArgumentException"/>), and a region that is not finite, inverted or empty throws
/// <see cref="InvalidRegionException"/>. What needs the image (a region outside it) or the model (reserved tokens in
/// the text, a prompt too long for the encoder) is checked when the task runs.
/// </remarks>
public abstract class Florence2Task
{
    private protected Florence2Task(string token, string? text, BoundingBox? region, AnswerKind answerKind)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (!Enum.IsDefined(answerKind))
        {
            throw new ArgumentOutOfRangeException(nameof(answerKind), answerKind, $"Unknown answer kind; use one of {string.Join(", ", Enum.GetNames<AnswerKind>())}.");
        }

        Token = token;
        Text = text;
        Region = region;
        AnswerKind = answerKind;
        IsCatalogTask = TaskCatalog.TryGet(token, out _);
        if (region is { } box)
        {
            RegionPrompt.ValidateShape(box);
        }
        else
        {
            // Built once per task, not per call; throws on a task/text mismatch.
            Prompt = TaskPrompt.Build(token, text);
        }
    }

    /// <summary>The task token (<see cref="TaskTokens"/>), or a free prompt for fine-tuned checkpoints.</summary>
    public string Token { get; }

    /// <summary>The task's text input (a caption, an expression, an object name, a free prompt's text); null when it has none.</summary>
    public string? Text { get; }

    /// <summary>The region of a region task, in pixels of the original image; null for other tasks.</summary>
    public BoundingBox? Region { get; }

    /// <summary>How the answer is parsed.</summary>
    public AnswerKind AnswerKind { get; }

    /// <summary>The English prompt the task expands to; null for region tasks, whose prompt needs the image size.</summary>
    internal string? Prompt { get; }

    /// <summary>Whether the token is one of the 15 tasks Florence-2 was trained with (else a free prompt).</summary>
    internal bool IsCatalogTask { get; }

    /// <summary>The task as a telemetry tag: catalog tokens as they are, free prompts as <c>custom</c> (prompts never become tag values).</summary>
    internal string TelemetryName => IsCatalogTask ? Token : "custom";

    /// <summary>The prompt for an image of <paramref name="imageSize"/>; a region becomes four location tokens.</summary>
    /// <exception cref="InvalidRegionException">The region reaches outside the image.</exception>
    internal string PromptFor(ImageSize imageSize) => Prompt ?? TaskPrompt.Build(Token, RegionPrompt.Tokens(Region!.Value, imageSize));

    /// <inheritdoc />
    public override string ToString() => Region is { } r ? $"{Token} {r}" : Text is null ? Token : $"{Token} {Text}";

    /// <summary>A caption (<c>&lt;CAPTION&gt;</c>, <c>&lt;DETAILED_CAPTION&gt;</c> or <c>&lt;MORE_DETAILED_CAPTION&gt;</c>).</summary>
    /// <param name="detail">How much the caption says.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="detail"/> is not a defined value.</exception>
    public static Florence2Task<TextResult> Caption(CaptionDetail detail = CaptionDetail.Brief) => detail switch
    {
        CaptionDetail.Brief => Cached.Caption,
        CaptionDetail.Detailed => Cached.DetailedCaption,
        CaptionDetail.Paragraph => Cached.MoreDetailedCaption,
        _ => throw new ArgumentOutOfRangeException(nameof(detail), detail, "Expected Brief, Detailed or Paragraph."),
    };

    /// <summary>The text in the image (<c>&lt;OCR&gt;</c>).</summary>
    public static Florence2Task<TextResult> ReadText() => Cached.Ocr;

    /// <summary>The text in the image line by line, each with its quadrilateral (<c>&lt;OCR_WITH_REGION&gt;</c>).</summary>
    public static Florence2Task<OcrResult> ReadTextWithRegions() => Cached.OcrWithRegion;

    /// <summary>Objects with their category names (<c>&lt;OD&gt;</c>).</summary>
    public static Florence2Task<DetectionResult> DetectObjects() => Cached.ObjectDetection;

    /// <summary>Regions with a few words each (<c>&lt;DENSE_REGION_CAPTION&gt;</c>).</summary>
    public static Florence2Task<DetectionResult> CaptionRegions() => Cached.DenseRegionCaption;

    /// <summary>Unlabelled regions of interest (<c>&lt;REGION_PROPOSAL&gt;</c>); labels are empty.</summary>
    public static Florence2Task<DetectionResult> ProposeRegions() => Cached.RegionProposal;

    /// <summary>The phrases of <paramref name="caption"/> located in the image (<c>&lt;CAPTION_TO_PHRASE_GROUNDING&gt;</c>).</summary>
    /// <param name="caption">The caption whose phrases to find.</param>
    /// <exception cref="ArgumentException"><paramref name="caption"/> is null, empty or white space.</exception>
    public static Florence2Task<GroundingResult> CaptionToPhraseGrounding(string caption)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caption);
        return new(TaskTokens.CaptionToPhraseGrounding, caption, null, AnswerKind.PhraseGrounding, AnswerParsing.Grounding);
    }

    /// <summary>Polygons of what <paramref name="expression"/> refers to (<c>&lt;REFERRING_EXPRESSION_SEGMENTATION&gt;</c>).</summary>
    /// <param name="expression">The referring expression, e.g. "the red car".</param>
    /// <exception cref="ArgumentException"><paramref name="expression"/> is null, empty or white space.</exception>
    public static Florence2Task<SegmentationResult> SegmentExpression(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        return new(TaskTokens.ReferringExpressionSegmentation, expression, null, AnswerKind.Polygons, AnswerParsing.Polygons);
    }

    /// <summary>A polygon of the object inside <paramref name="region"/> (<c>&lt;REGION_TO_SEGMENTATION&gt;</c>).</summary>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <exception cref="InvalidRegionException">The region is not finite, inverted or empty.</exception>
    public static Florence2Task<SegmentationResult> SegmentRegion(BoundingBox region) =>
        new(TaskTokens.RegionToSegmentation, null, region, AnswerKind.Polygons, AnswerParsing.Polygons);

    /// <summary>Boxes or polygons of <paramref name="objectName"/> (<c>&lt;OPEN_VOCABULARY_DETECTION&gt;</c>).</summary>
    /// <param name="objectName">What to find, e.g. "a wheel".</param>
    /// <exception cref="ArgumentException"><paramref name="objectName"/> is null, empty or white space.</exception>
    public static Florence2Task<OpenVocabularyResult> DetectOpenVocabulary(string objectName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectName);
        return new(TaskTokens.OpenVocabularyDetection, objectName, null, AnswerKind.DescriptionWithBoxesOrPolygons, AnswerParsing.OpenVocabulary);
    }

    /// <summary>The category of what is in <paramref name="region"/> (<c>&lt;REGION_TO_CATEGORY&gt;</c>).</summary>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <exception cref="InvalidRegionException">The region is not finite, inverted or empty.</exception>
    public static Florence2Task<TextResult> ClassifyRegion(BoundingBox region) => RegionText(TaskTokens.RegionToCategory, region);

    /// <summary>A description of what is in <paramref name="region"/> (<c>&lt;REGION_TO_DESCRIPTION&gt;</c>).</summary>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <exception cref="InvalidRegionException">The region is not finite, inverted or empty.</exception>
    public static Florence2Task<TextResult> DescribeRegion(BoundingBox region) => RegionText(TaskTokens.RegionToDescription, region);

    /// <summary>The text inside <paramref name="region"/> (<c>&lt;REGION_TO_OCR&gt;</c>).</summary>
    /// <param name="region">The region, in pixels of the original image.</param>
    /// <exception cref="InvalidRegionException">The region is not finite, inverted or empty.</exception>
    public static Florence2Task<TextResult> ReadRegionText(BoundingBox region) => RegionText(TaskTokens.RegionToOcr, region);

    /// <summary>
    /// A free prompt: a fine-tuned checkpoint's own task token such as <c>&lt;DocVQA&gt;</c> followed by
    /// <paramref name="text"/>, with the answer parsed as <paramref name="answerKind"/> says (<see cref="TextResult"/>
    /// for <see cref="AnswerKind.PureText"/>, location tokens kept; <see cref="DetectionResult"/> for boxes; ...).
    /// A known task token works too: its prompt is expanded, and its answer parsed as <paramref name="answerKind"/> says.
    /// </summary>
    /// <param name="prompt">The task token or prompt.</param>
    /// <param name="text">Text after the prompt; null for none.</param>
    /// <param name="answerKind">How to parse the answer.</param>
    /// <exception cref="ArgumentException"><paramref name="prompt"/> is null or empty, or a known task's text input is missing or not allowed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="answerKind"/> is not a defined value.</exception>
    public static Florence2Task<TaskResult> Custom(string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText) =>
        new(prompt, text, null, answerKind, (parser, generation, answer, minimumScore) => AnswerParsing.ByKind(parser, generation, answer, answerKind, minimumScore));

    /// <summary>
    /// Any task from its token, for tools that take the token as data (a command line, a web request): a known task
    /// is parsed as that task is (its typed result, seen as <see cref="TaskResult"/>); a region goes with the four
    /// region tasks only; any other token is a free prompt parsed as <paramref name="answerKind"/> (plain text when null).
    /// </summary>
    /// <param name="token">A task token (<see cref="TaskTokens"/>) or a free prompt.</param>
    /// <param name="text">The task's text input; null for none.</param>
    /// <param name="region">The region of a region task, in pixels of the original image; null for other tasks.</param>
    /// <param name="answerKind">How to parse a free prompt's answer; must be null (or the task's own kind) for a known task.</param>
    /// <exception cref="ArgumentException">
    /// The token is empty; a region with a task that takes none, or with text; an answer kind for a known task that parses otherwise;
    /// text that the task does not take, or missing text that it needs.
    /// </exception>
    /// <exception cref="InvalidRegionException">The region is not finite, inverted or empty.</exception>
    public static Florence2Task<TaskResult> FromToken(string token, string? text = null, BoundingBox? region = null, AnswerKind? answerKind = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (!TaskCatalog.TryGet(token, out var definition))
        {
            if (region is not null)
            {
                throw new ArgumentException($"A region only goes with the region tasks ({string.Join(", ", RegionPrompt.RegionTasks)}), not with the free prompt {token}.", nameof(region));
            }

            return Custom(token, text, answerKind ?? AnswerKind.PureText);
        }

        if (answerKind is { } kind && kind != definition.AnswerKind)
        {
            throw new ArgumentException($"{token} is a known task and its answer is always parsed as {definition.AnswerKind}, not {kind}; give no answer kind.", nameof(answerKind));
        }

        if (region is { } box)
        {
            if (!RegionPrompt.RegionTasks.Contains(token))
            {
                throw new ArgumentException($"A region only goes with the region tasks ({string.Join(", ", RegionPrompt.RegionTasks)}), not with {token}.", nameof(region));
            }

            if (text is not null)
            {
                throw new ArgumentException($"Give either a region or text for {token}, not both: the region becomes the task's text.", nameof(text));
            }

            return new(token, null, box, definition.AnswerKind, Parser(definition.AnswerKind));
        }

        return new(token, text, null, definition.AnswerKind, Parser(definition.AnswerKind));
    }

    private static Florence2Task<TextResult> RegionText(string token, BoundingBox region) => new(token, null, region, AnswerKind.PureText, TextAnswer);

    private static TextResult TextAnswer(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, float minimumScore) =>
        AnswerParsing.Text(parser, generation, answer);

    /// <summary>How a catalog task of this kind parses (pure text drops the location tokens a region answer repeats).</summary>
    private static Func<ILocationTokenParser, GenerationResult, AnswerTokens, float, TaskResult> Parser(AnswerKind kind) => kind == AnswerKind.PureText
        ? TextAnswer
        : (parser, generation, answer, minimumScore) => AnswerParsing.ByKind(parser, generation, answer, kind, minimumScore);

    /// <summary>The tasks without inputs, built once.</summary>
    private static class Cached
    {
        public static readonly Florence2Task<TextResult> Caption = new(TaskTokens.Caption, null, null, AnswerKind.PureText, TextAnswer);
        public static readonly Florence2Task<TextResult> DetailedCaption = new(TaskTokens.DetailedCaption, null, null, AnswerKind.PureText, TextAnswer);
        public static readonly Florence2Task<TextResult> MoreDetailedCaption = new(TaskTokens.MoreDetailedCaption, null, null, AnswerKind.PureText, TextAnswer);
        public static readonly Florence2Task<TextResult> Ocr = new(TaskTokens.Ocr, null, null, AnswerKind.PureText, TextAnswer);
        public static readonly Florence2Task<OcrResult> OcrWithRegion = new(TaskTokens.OcrWithRegion, null, null, AnswerKind.Ocr, AnswerParsing.Ocr);

        public static readonly Florence2Task<DetectionResult> ObjectDetection = new(TaskTokens.ObjectDetection, null, null, AnswerKind.DescriptionWithBoxes,
            (parser, generation, answer, minimumScore) => AnswerParsing.Boxes(parser, generation, answer, labelsRequired: true, minimumScore));

        public static readonly Florence2Task<DetectionResult> DenseRegionCaption = new(TaskTokens.DenseRegionCaption, null, null, AnswerKind.DescriptionWithBoxes,
            (parser, generation, answer, minimumScore) => AnswerParsing.Boxes(parser, generation, answer, labelsRequired: true, minimumScore));

        public static readonly Florence2Task<DetectionResult> RegionProposal = new(TaskTokens.RegionProposal, null, null, AnswerKind.Boxes,
            (parser, generation, answer, minimumScore) => AnswerParsing.Boxes(parser, generation, answer, labelsRequired: false, minimumScore));
    }
}
