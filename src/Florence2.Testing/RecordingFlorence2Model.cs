using System.Collections.Concurrent;

namespace Florence2.Testing;

/// <summary>
/// A test double of <see cref="IFlorence2Model"/> for unit tests of code that uses it: records every call and
/// answers from canned results (<see cref="SetResult"/>), a responder function, or else an empty result of the
/// method's type. Needs no model files and runs no inference.
/// </summary>
/// <remarks>
/// Thread-safe: calls may come from several threads, and <see cref="Calls"/> returns a snapshot in call order.
/// Like the real model, a call with a cancelled token throws <see cref="OperationCanceledException"/> (after being
/// recorded), a null image or missing required text throws, and calls after <see cref="Dispose"/> throw
/// <see cref="ObjectDisposedException"/>. A responder may throw (for example <see cref="InvalidImageException"/>) to
/// test error handling. Empty results have no items, empty text and an image size of 0 × 0.
/// </remarks>
/// <example>
/// <code>
/// var model = new RecordingFlorence2Model()
///     .SetResult(TaskTokens.ObjectDetection, new DetectionResult([new Detection(new BoundingBox(1, 2, 3, 4), "car", 1f)], "", new ImageSize(640, 480), false));
/// var service = new ParkingService(model);
/// service.CountCars(ImageInput.FromBytes(bytes));
/// Assert.Equal("DetectObjects", Assert.Single(model.Calls).Method);
/// </code>
/// </example>
public sealed class RecordingFlorence2Model : IFlorence2Model
{
    private static readonly StageTimings NoTimings = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);

    private readonly Func<Florence2Call, TaskResult> _respond;
    private readonly ConcurrentDictionary<string, TaskResult> _cannedByTask = new(StringComparer.Ordinal);
    private readonly List<Florence2Call> _calls = [];
    private readonly object _callsLock = new();
    private int _disposed;

    /// <summary>Creates a double that answers with <see cref="SetResult"/>'s results, else with empty results.</summary>
    public RecordingFlorence2Model()
        : this(EmptyResult)
    {
    }

    /// <summary>Creates a double that answers with <see cref="SetResult"/>'s results, else with what <paramref name="respond"/> returns.</summary>
    /// <param name="respond">
    /// Computes the result of a call; it may throw. The result must fit the method (a <see cref="DetectionResult"/>
    /// for <c>DetectObjects</c>, ...); <see cref="EmptyResult"/> is a fallback for calls it does not care about.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="respond"/> is null.</exception>
    public RecordingFlorence2Model(Func<Florence2Call, TaskResult> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        _respond = respond;
    }

    /// <summary>The calls made so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<Florence2Call> Calls
    {
        get
        {
            lock (_callsLock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Whether <see cref="Dispose"/> was called (for tests of ownership, e.g. a DI container disposing the model).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Answers every later call for <paramref name="task"/> (a token such as <see cref="TaskTokens.ObjectDetection"/>,
    /// or a custom prompt) with <paramref name="result"/>, ahead of the responder. Replaces an earlier result for the task.
    /// </summary>
    /// <param name="task">The task token, as in <see cref="Florence2Call.Task"/>.</param>
    /// <param name="result">The result; it must fit the methods that stand for the task.</param>
    /// <returns>This double, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="task"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public RecordingFlorence2Model SetResult(string task, TaskResult result)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        ArgumentNullException.ThrowIfNull(result);
        _cannedByTask[task] = result;
        return this;
    }

    /// <summary>An empty result of the type the real model returns for <paramref name="call"/>'s answer kind (no items, empty text, size 0 × 0).</summary>
    /// <param name="call">The call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    public static TaskResult EmptyResult(Florence2Call call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var size = default(ImageSize);
        return call.AnswerKind switch
        {
            AnswerKind.DescriptionWithBoxes or AnswerKind.Boxes => new DetectionResult([], string.Empty, size, false),
            AnswerKind.PhraseGrounding => new GroundingResult([], string.Empty, size, false),
            AnswerKind.Ocr => new OcrResult([], string.Empty, size, false),
            AnswerKind.Polygons => new SegmentationResult([], string.Empty, size, false),
            AnswerKind.DescriptionWithBoxesOrPolygons => new OpenVocabularyResult([], [], string.Empty, size, false),
            _ => new TextResult(string.Empty, string.Empty, size, false),
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// Recorded as a call with <see cref="Florence2Call.Task"/> empty; runs no responder. Returns features of one
    /// zero value for a 0 × 0 image, produced by this double (so only this double accepts them).
    /// </remarks>
    public EncodedImage EncodeImage(ImageInput image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        CheckEncoded(image);
        lock (_callsLock)
        {
            _calls.Add(new Florence2Call(nameof(EncodeImage), image, string.Empty, null, null, null, null, AnswerKind.PureText, cancellationToken));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return image.Encoded ?? new EncodedImage(new ImageFeatures(new float[1], 1, 1, default), this);
    }

    /// <inheritdoc />
    public Task<EncodedImage> EncodeImageAsync(ImageInput image, CancellationToken cancellationToken = default) =>
        Completed(() => EncodeImage(image, cancellationToken));

    /// <inheritdoc />
    /// <remarks>
    /// Records one call per image (method <c>RunBatchAsync</c>, the batch task's token, text and answer kind, the
    /// batch's <see cref="BatchOptions.TaskOptions"/>) and answers each like the single-image methods. Items come in
    /// input order; an exception from the responder becomes that item's error.
    /// </remarks>
    public IAsyncEnumerable<BatchItemResult<TResult>> RunBatchAsync<TResult>(IEnumerable<ImageInput> images, BatchTask<TResult> task, BatchOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResult : TaskResult
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(task);
        options ??= new BatchOptions();
        options.Validate();
        return Batch(images, task, options.TaskOptions, cancellationToken);
    }

    private async IAsyncEnumerable<BatchItemResult<TResult>> Batch<TResult>(IEnumerable<ImageInput> images, BatchTask<TResult> task, TaskOptions? options,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where TResult : TaskResult
    {
        await Task.Yield();
        var index = 0;
        foreach (var image in images)
        {
            BatchItemResult<TResult> item;
            try
            {
                ArgumentNullException.ThrowIfNull(image, nameof(images));
                CheckEncoded(image);
                item = new BatchItemResult<TResult>(index, Respond<TResult>(
                    new Florence2Call(nameof(RunBatchAsync), image, task.Task, task.Text, null, options, options?.Generation, task.AnswerKind, cancellationToken)));
            }
            catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
            {
                item = new BatchItemResult<TResult>(index, e);
            }

            index++;
            yield return item;
        }
    }

    /// <summary>Like the real model: features of another instance are refused.</summary>
    private void CheckEncoded(ImageInput image)
    {
        if (image.Encoded is { } encoded && !encoded.IsFrom(this))
        {
            throw new ArgumentException("This EncodedImage was produced by a different model instance; image features are valid only for the model that computed them.",
                nameof(image));
        }
    }

    /// <inheritdoc />
    /// <remarks>Answers with the responder's result's <see cref="TaskResult.Generation"/>, or one built from its raw text.</remarks>
    public GenerationResult Generate(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(task);
        var result = Respond<TaskResult>(new Florence2Call(nameof(Generate), image, task, text, null, null, options, KindOf(task), cancellationToken));
        return result.Generation ?? new GenerationResult(task, task, [], [], result.RawText, 0d, result.ImageSize, NoTimings) { IsTruncated = result.IsTruncated };
    }

    /// <inheritdoc />
    public TextResult Caption(ImageInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        string task = detail switch
        {
            CaptionDetail.Brief => TaskTokens.Caption,
            CaptionDetail.Detailed => TaskTokens.DetailedCaption,
            CaptionDetail.Paragraph => TaskTokens.MoreDetailedCaption,
            _ => throw new ArgumentOutOfRangeException(nameof(detail), detail, "Expected Brief, Detailed or Paragraph."),
        };
        return Typed<TextResult>(nameof(Caption), image, task, null, null, options, cancellationToken);
    }

    /// <inheritdoc />
    public TextResult ReadText(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<TextResult>(nameof(ReadText), image, TaskTokens.Ocr, null, null, options, cancellationToken);

    /// <inheritdoc />
    public OcrResult ReadTextWithRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<OcrResult>(nameof(ReadTextWithRegions), image, TaskTokens.OcrWithRegion, null, null, options, cancellationToken);

    /// <inheritdoc />
    public DetectionResult DetectObjects(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<DetectionResult>(nameof(DetectObjects), image, TaskTokens.ObjectDetection, null, null, options, cancellationToken);

    /// <inheritdoc />
    public DetectionResult CaptionRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<DetectionResult>(nameof(CaptionRegions), image, TaskTokens.DenseRegionCaption, null, null, options, cancellationToken);

    /// <inheritdoc />
    public DetectionResult ProposeRegions(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<DetectionResult>(nameof(ProposeRegions), image, TaskTokens.RegionProposal, null, null, options, cancellationToken);

    /// <inheritdoc />
    public GroundingResult CaptionToPhraseGrounding(ImageInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(caption);
        return Typed<GroundingResult>(nameof(CaptionToPhraseGrounding), image, TaskTokens.CaptionToPhraseGrounding, caption, null, options, cancellationToken);
    }

    /// <inheritdoc />
    public SegmentationResult SegmentExpression(ImageInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(expression);
        return Typed<SegmentationResult>(nameof(SegmentExpression), image, TaskTokens.ReferringExpressionSegmentation, expression, null, options, cancellationToken);
    }

    /// <inheritdoc />
    public SegmentationResult SegmentRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<SegmentationResult>(nameof(SegmentRegion), image, TaskTokens.RegionToSegmentation, null, region, options, cancellationToken);

    /// <inheritdoc />
    public OpenVocabularyResult DetectOpenVocabulary(ImageInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        return Typed<OpenVocabularyResult>(nameof(DetectOpenVocabulary), image, TaskTokens.OpenVocabularyDetection, objectName, null, options, cancellationToken);
    }

    /// <inheritdoc />
    public TextResult ClassifyRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<TextResult>(nameof(ClassifyRegion), image, TaskTokens.RegionToCategory, null, region, options, cancellationToken);

    /// <inheritdoc />
    public TextResult DescribeRegion(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<TextResult>(nameof(DescribeRegion), image, TaskTokens.RegionToDescription, null, region, options, cancellationToken);

    /// <inheritdoc />
    public TextResult ReadRegionText(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Typed<TextResult>(nameof(ReadRegionText), image, TaskTokens.RegionToOcr, null, region, options, cancellationToken);

    /// <inheritdoc />
    public TaskResult RunCustomTask(ImageInput image, string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText,
        TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        return Respond<TaskResult>(new Florence2Call(nameof(RunCustomTask), image, prompt, text, null, options, options?.Generation, answerKind, cancellationToken));
    }

    /// <summary>Marks the double disposed; later calls throw <see cref="ObjectDisposedException"/>. Calling it again does nothing.</summary>
    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

    private static AnswerKind KindOf(string task) => TaskCatalog.TryGet(task, out var definition) ? definition.AnswerKind : AnswerKind.PureText;

    private TResult Typed<TResult>(string method, ImageInput image, string task, string? text, BoundingBox? region, TaskOptions? options, CancellationToken cancellationToken)
        where TResult : TaskResult
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckEncoded(image);
        return Respond<TResult>(new Florence2Call(method, image, task, text, region, options, options?.Generation, KindOf(task), cancellationToken));
    }

    private TResult Respond<TResult>(Florence2Call call)
        where TResult : TaskResult
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        lock (_callsLock)
        {
            _calls.Add(call);
        }

        call.CancellationToken.ThrowIfCancellationRequested();
        var result = _cannedByTask.TryGetValue(call.Task, out var canned) ? canned : _respond(call);
        return result as TResult ?? throw new InvalidOperationException(
            $"RecordingFlorence2Model: {call.Method} ({call.Task}) must return a {typeof(TResult).Name}, but the configured result is "
            + (result is null ? "null." : $"a {result.GetType().Name}. Configure a {typeof(TResult).Name} for this task."));
    }

    // The async twins answer like the sync methods (recorded under the sync method's name), as completed tasks.

    /// <inheritdoc />
    public Task<GenerationResult> GenerateAsync(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => Generate(image, task, text, options, cancellationToken));

    /// <inheritdoc />
    public Task<TextResult> CaptionAsync(ImageInput image, CaptionDetail detail = CaptionDetail.Brief, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => Caption(image, detail, options, cancellationToken));

    /// <inheritdoc />
    public Task<TextResult> ReadTextAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => ReadText(image, options, cancellationToken));

    /// <inheritdoc />
    public Task<OcrResult> ReadTextWithRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => ReadTextWithRegions(image, options, cancellationToken));

    /// <inheritdoc />
    public Task<DetectionResult> DetectObjectsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => DetectObjects(image, options, cancellationToken));

    /// <inheritdoc />
    public Task<DetectionResult> CaptionRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => CaptionRegions(image, options, cancellationToken));

    /// <inheritdoc />
    public Task<DetectionResult> ProposeRegionsAsync(ImageInput image, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => ProposeRegions(image, options, cancellationToken));

    /// <inheritdoc />
    public Task<GroundingResult> CaptionToPhraseGroundingAsync(ImageInput image, string caption, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => CaptionToPhraseGrounding(image, caption, options, cancellationToken));

    /// <inheritdoc />
    public Task<SegmentationResult> SegmentExpressionAsync(ImageInput image, string expression, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => SegmentExpression(image, expression, options, cancellationToken));

    /// <inheritdoc />
    public Task<SegmentationResult> SegmentRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => SegmentRegion(image, region, options, cancellationToken));

    /// <inheritdoc />
    public Task<OpenVocabularyResult> DetectOpenVocabularyAsync(ImageInput image, string objectName, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => DetectOpenVocabulary(image, objectName, options, cancellationToken));

    /// <inheritdoc />
    public Task<TextResult> ClassifyRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => ClassifyRegion(image, region, options, cancellationToken));

    /// <inheritdoc />
    public Task<TextResult> DescribeRegionAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => DescribeRegion(image, region, options, cancellationToken));

    /// <inheritdoc />
    public Task<TextResult> ReadRegionTextAsync(ImageInput image, BoundingBox region, TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => ReadRegionText(image, region, options, cancellationToken));

    /// <inheritdoc />
    public Task<TaskResult> RunCustomTaskAsync(ImageInput image, string prompt, string? text = null, AnswerKind answerKind = AnswerKind.PureText,
        TaskOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(() => RunCustomTask(image, prompt, text, answerKind, options, cancellationToken));

    /// <inheritdoc />
    /// <remarks>Yields the text of <see cref="Generate"/>'s answer (without <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>) as one piece.</remarks>
    public async IAsyncEnumerable<string> StreamTextAsync(ImageInput image, string task, string? text = null, GenerationOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var answer = Generate(image, task, text, options, cancellationToken).Text.Replace("<s>", "", StringComparison.Ordinal).Replace("</s>", "", StringComparison.Ordinal);
        await Task.Yield();
        yield return answer;
    }

    private static Task<T> Completed<T>(Func<T> call)
    {
        try
        {
            return Task.FromResult(call());
        }
        catch (OperationCanceledException e)
        {
            return Task.FromCanceled<T>(e.CancellationToken.IsCancellationRequested ? e.CancellationToken : new CancellationToken(true));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }
}
