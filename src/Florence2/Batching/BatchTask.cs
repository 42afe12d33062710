using Florence2.Tasks;

namespace Florence2;

/// <summary>
/// The tasks that need nothing but the image, ready for <see cref="IFlorence2Model.RunBatchAsync{TResult}"/>. Each
/// parses its answers exactly like the single-image method of the same name.
/// </summary>
public static class BatchTask
{
    /// <summary>Captions each image, like <see cref="IFlorence2Model.Caption"/>.</summary>
    /// <param name="detail">How detailed the caption is.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="detail"/> is not a defined value.</exception>
    public static BatchTask<TextResult> Caption(CaptionDetail detail = CaptionDetail.Brief) => new(
        detail switch
        {
            CaptionDetail.Brief => TaskTokens.Caption,
            CaptionDetail.Detailed => TaskTokens.DetailedCaption,
            CaptionDetail.Paragraph => TaskTokens.MoreDetailedCaption,
            _ => throw new ArgumentOutOfRangeException(nameof(detail), detail, "Expected Brief, Detailed or Paragraph."),
        },
        null, AnswerKind.PureText, static (parser, result, answer, _) => TaskResultParsing.Text(parser, result, answer));

    /// <summary>Reads the text in each image, like <see cref="IFlorence2Model.ReadText"/>.</summary>
    public static BatchTask<TextResult> ReadText() =>
        new(TaskTokens.Ocr, null, AnswerKind.PureText, static (parser, result, answer, _) => TaskResultParsing.Text(parser, result, answer));

    /// <summary>Reads the text lines of each image with their quadrilaterals, like <see cref="IFlorence2Model.ReadTextWithRegions"/>.</summary>
    public static BatchTask<OcrResult> ReadTextWithRegions() =>
        new(TaskTokens.OcrWithRegion, null, AnswerKind.Ocr, TaskResultParsing.Ocr);

    /// <summary>Detects objects in each image, like <see cref="IFlorence2Model.DetectObjects"/>.</summary>
    public static BatchTask<DetectionResult> DetectObjects() =>
        new(TaskTokens.ObjectDetection, null, AnswerKind.DescriptionWithBoxes,
            static (parser, result, answer, options) => TaskResultParsing.Boxes(parser, result, answer, labelsRequired: true, options));

    /// <summary>Finds and describes regions of each image, like <see cref="IFlorence2Model.CaptionRegions"/>.</summary>
    public static BatchTask<DetectionResult> CaptionRegions() =>
        new(TaskTokens.DenseRegionCaption, null, AnswerKind.DescriptionWithBoxes,
            static (parser, result, answer, options) => TaskResultParsing.Boxes(parser, result, answer, labelsRequired: true, options));

    /// <summary>Proposes unlabelled regions in each image, like <see cref="IFlorence2Model.ProposeRegions"/>.</summary>
    public static BatchTask<DetectionResult> ProposeRegions() =>
        new(TaskTokens.RegionProposal, null, AnswerKind.Boxes,
            static (parser, result, answer, options) => TaskResultParsing.Boxes(parser, result, answer, labelsRequired: false, options));

    /// <summary>
    /// Runs a free prompt with the same <paramref name="text"/> on every image, like
    /// <see cref="IFlorence2Model.RunCustomTask"/>; the result's type follows <paramref name="answerKind"/>.
    /// </summary>
    /// <param name="prompt">A task token or a fine-tuned checkpoint's own prompt.</param>
    /// <param name="text">Text after the prompt, the same for every image; null for none.</param>
    /// <param name="answerKind">How to parse the answers.</param>
    /// <exception cref="ArgumentException"><paramref name="prompt"/> is null or empty, or a known task's text input is missing or not allowed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="answerKind"/> is not a defined value.</exception>
    public static BatchTask<TaskResult> Custom(string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText)
    {
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        TaskResultParsing.ValidateAnswerKind(answerKind);
        return new(prompt, text, answerKind, (parser, result, answer, options) => TaskResultParsing.Custom(parser, result, answer, answerKind, options));
    }
}
