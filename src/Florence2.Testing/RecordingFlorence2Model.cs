using System.Collections.Concurrent;

namespace Florence2.Testing;

/// <summary>
/// A test double of <see cref="IFlorence2Model"/> for unit tests of code that uses it: records every call and
/// answers from scripted results (<see cref="SetResult{TResult}(Florence2Task{TResult}, TResult)"/>), or a responder
/// function. Needs no model files and runs no inference. The typed task methods (<c>DetectObjects</c>, ...) are
/// extension methods over <see cref="IFlorence2Model"/>, so they reach this double as <see cref="Florence2Method.Run"/> /
/// <see cref="Florence2Method.RunAsync"/> calls whose <see cref="Florence2Call.Task"/> says which task ran: script and
/// check tasks, not method names.
/// </summary>
/// <remarks>
/// <para>
/// <b>Strict by default.</b> A call for a task with no scripted result throws <see cref="UnscriptedCallException"/> at
/// the call, naming the task and how to script it: a test that scripts the wrong task fails where the mistake is,
/// not later on a silently empty answer. Set <see cref="Strict"/> to false to answer unscripted tasks with
/// <see cref="EmptyResult"/>; a double made with a responder answers every call through it.
/// </para>
/// Thread-safe: calls may come from several threads, and <see cref="Calls"/> returns a snapshot in call order.
/// Like the real model, a call with a cancelled token throws <see cref="OperationCanceledException"/> (after being
/// recorded), a null image throws, and calls after <see cref="Dispose"/> throw
/// <see cref="ObjectDisposedException"/>. A responder may throw (for example <see cref="InvalidImageException"/>) to
/// test error handling. Empty results have no items, empty text and an image size of 0 × 0.
/// </remarks>
/// <example>
/// <code>
/// var model = new RecordingFlorence2Model()
///     .SetResult(Florence2Task.DetectObjects(), TestResults.Detections(("car", new BoundingBox(1, 2, 30, 40))));
/// var service = new ParkingService(model);
/// service.CountCars(ImageInput.FromBytes(bytes));
/// Assert.Equal(TaskTokens.ObjectDetection, Assert.Single(model.Calls).Token);
/// </code>
/// </example>
public sealed class RecordingFlorence2Model : IFlorence2Model
{
    private static readonly StageTimings NoTimings = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);

    private readonly Func<Florence2Call, TaskResult>? _respond;
    private readonly ConcurrentDictionary<string, TaskResult> _cannedByTask = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _piecesByTask = new(StringComparer.Ordinal);
    private readonly List<Florence2Call> _calls = [];
    private readonly object _callsLock = new();
    private int _disposed;

    /// <summary>Creates a strict double: it answers the scripted tasks (<c>SetResult</c>) and throws <see cref="UnscriptedCallException"/> for any other.</summary>
    public RecordingFlorence2Model()
    {
    }

    /// <summary>Creates a double that answers with the scripted results (<c>SetResult</c>), else with what <paramref name="respond"/> returns.</summary>
    /// <param name="respond">
    /// Computes the result of a call; it may throw. The result must fit the task (a <see cref="DetectionResult"/>
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

    /// <summary>
    /// Whether a call for a task with no scripted result throws <see cref="UnscriptedCallException"/> (true, the
    /// default) or is answered with <see cref="EmptyResult"/> (false). Ignored when a responder was given.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>Whether <see cref="Dispose"/> was called (for tests of ownership, e.g. a DI container disposing the model).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Answers every later call for <paramref name="task"/> (a token such as <see cref="TaskTokens.ObjectDetection"/>,
    /// or a custom prompt) with <paramref name="result"/>, ahead of the responder. Replaces an earlier result for the task.
    /// </summary>
    /// <param name="task">The task token, as in <see cref="Florence2Call.Token"/>.</param>
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

    /// <summary>
    /// Answers every later call of <paramref name="task"/>'s kind (its token: <c>Florence2Task.Caption()</c> scripts
    /// every plain caption, whatever method runs it) with <paramref name="result"/>. The result's type is checked
    /// against the task's at compile time.
    /// </summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="task">The task, for example <c>Florence2Task.DetectObjects()</c>.</param>
    /// <param name="result">The result, for example from <see cref="TestResults"/>.</param>
    /// <returns>This double, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="result"/> is null.</exception>
    public RecordingFlorence2Model SetResult<TResult>(Florence2Task<TResult> task, TResult result)
        where TResult : TaskResult
    {
        ArgumentNullException.ThrowIfNull(task);
        return SetResult(task.Token, result);
    }

    /// <summary>
    /// Makes <see cref="IFlorence2Model.StreamTextAsync"/> for <paramref name="task"/>'s token yield exactly these
    /// pieces, one at a time, and scripts the task's other calls with a text result of the pieces joined (unless a
    /// result is already scripted). Without it, a stream yields the scripted result's <see cref="TaskResult.RawText"/>
    /// word by word.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="pieces">The pieces, in order.</param>
    /// <returns>This double, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/>, <paramref name="pieces"/> or a piece is null.</exception>
    public RecordingFlorence2Model SetStreamedText(Florence2Task task, params string[] pieces)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(pieces);
        foreach (var piece in pieces)
        {
            ArgumentNullException.ThrowIfNull(piece, nameof(pieces));
        }

        _piecesByTask[task.Token] = [.. pieces];
        _cannedByTask.TryAdd(task.Token, TestResults.Text(string.Concat(pieces)));
        return this;
    }

    /// <summary>An empty result of the type the real model returns for <paramref name="call"/>'s answer kind (no items, empty text, size 0 × 0).</summary>
    /// <param name="call">The call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    public static TaskResult EmptyResult(Florence2Call call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var size = default(ImageSize);
        var generation = new GenerationResult(call.Token, call.Token, [], [], string.Empty, 0d, size, NoTimings);
        return call.AnswerKind switch
        {
            AnswerKind.DescriptionWithBoxes or AnswerKind.Boxes => new DetectionResult([], string.Empty, size, false) { Generation = generation },
            AnswerKind.PhraseGrounding => new GroundingResult([], string.Empty, size, false) { Generation = generation },
            AnswerKind.Ocr => new OcrResult([], string.Empty, size, false) { Generation = generation },
            AnswerKind.Polygons => new SegmentationResult([], string.Empty, size, false) { Generation = generation },
            AnswerKind.DescriptionWithBoxesOrPolygons => new OpenVocabularyResult([], [], string.Empty, size, false) { Generation = generation },
            _ => new TextResult(string.Empty, string.Empty, size, false) { Generation = generation },
        };
    }

    /// <summary>What the double reports about itself: a folder named <c>(recording)</c>, greedy defaults of 1,023 new tokens, 1,024 positions.</summary>
    public Florence2ModelInfo Info { get; } = new()
    {
        Directory = "(recording)",
        MaxPositions = 1024,
        DefaultGenerationSettings = new GenerationSettings
        {
            NumBeams = 1, MaxNewTokens = 1023, LengthPenalty = 1.0, EarlyStopping = BeamStopping.Heuristic, NoRepeatNgramSize = 0,
            DecoderStartTokenId = 2, ForcedBosTokenId = 0, ForcedEosTokenId = 2, EosTokenId = 2,
        },
    };

    /// <inheritdoc />
    /// <remarks>Recorded with a null task; runs no responder. Returns features of one zero value for a 0 × 0 image, produced by this double (so only this double accepts them).</remarks>
    public EncodedImage EncodeImage(ImageInput image, CancellationToken cancellationToken = default) => Encode(Florence2Method.EncodeImage, image, cancellationToken);

    /// <inheritdoc />
    public Task<EncodedImage> EncodeImageAsync(ImageInput image, CancellationToken cancellationToken = default) =>
        Completed(() => Encode(Florence2Method.EncodeImageAsync, image, cancellationToken));

    /// <inheritdoc />
    public TResult Run<TResult>(VisionInput image, Florence2Task<TResult> task, TaskOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : TaskResult =>
        Respond<TResult>(Florence2Method.Run, image, task, options, cancellationToken);

    /// <inheritdoc />
    public Task<TResult> RunAsync<TResult>(VisionInput image, Florence2Task<TResult> task, TaskOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : TaskResult =>
        Completed(() => Respond<TResult>(Florence2Method.RunAsync, image, task, options, cancellationToken));

    /// <inheritdoc />
    /// <remarks>One call is recorded per image, in input order; a responder that throws fails that image's item only.</remarks>
    public IAsyncEnumerable<BatchItemResult<TResult>> RunBatchAsync<TResult>(IEnumerable<VisionInput> images, Florence2Task<TResult> task, BatchOptions? options = null,
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

    /// <inheritdoc />
    /// <remarks>
    /// Streams the pieces scripted with <see cref="SetStreamedText"/>, else the text of the result the double would
    /// answer (<see cref="TaskResult.RawText"/>) word by word, each piece after a yield, as a real stream arrives.
    /// </remarks>
    public async IAsyncEnumerable<string> StreamTextAsync(VisionInput image, Florence2Task task, GenerationOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (options?.NumBeams is > 1)
        {
            throw new ArgumentException($"Streaming needs greedy decoding (NumBeams = 1); got NumBeams = {options.NumBeams}.", nameof(options));
        }

        var result = Answer<TaskResult>(new Florence2Call(Florence2Method.StreamTextAsync, Checked(image), task, null, options, cancellationToken));
        IReadOnlyList<string> pieces = _piecesByTask.TryGetValue(task.Token, out var scripted) ? scripted : Words(result.RawText);
        foreach (var piece in pieces)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return piece;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private EncodedImage Encode(Florence2Method method, ImageInput image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Record(new Florence2Call(method, image, null, null, null, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return new EncodedImage(new ImageFeatures(new float[1], 1, 1, default), this);
    }

    private async IAsyncEnumerable<BatchItemResult<TResult>> Batch<TResult>(IEnumerable<VisionInput> images, Florence2Task<TResult> task, TaskOptions? options,
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
                item = new BatchItemResult<TResult>(index, Respond<TResult>(Florence2Method.RunBatchAsync, image, task, options, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
            {
                item = new BatchItemResult<TResult>(index, e);
            }

            index++;
            yield return item;
        }
    }

    private TResult Respond<TResult>(Florence2Method method, VisionInput image, Florence2Task<TResult> task, TaskOptions? options, CancellationToken cancellationToken)
        where TResult : TaskResult
    {
        ArgumentNullException.ThrowIfNull(task);
        return Answer<TResult>(new Florence2Call(method, Checked(image), task, options, options?.Generation, cancellationToken));
    }

    /// <summary>Like the real model: a null image, or features of another model instance, are refused.</summary>
    private VisionInput Checked(VisionInput image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image is EncodedImage encoded && !encoded.IsFrom(this))
        {
            throw new ArgumentException("This EncodedImage was produced by a different model instance; image features are valid only for the model that computed them.",
                nameof(image));
        }

        return image;
    }

    private void Record(Florence2Call call)
    {
        lock (_callsLock)
        {
            _calls.Add(call);
        }
    }

    private TResult Answer<TResult>(Florence2Call call)
        where TResult : TaskResult
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Record(call);
        call.CancellationToken.ThrowIfCancellationRequested();
        var result = _cannedByTask.TryGetValue(call.Token, out var canned) ? canned
            : _respond is not null ? _respond(call)
            : !Strict ? EmptyResult(call)
            : throw new UnscriptedCallException(call,
                $"RecordingFlorence2Model: {call.Method} was called for the task {Describe(call)}, which has no scripted result. Script it with "
                + $"SetResult(Florence2Task.…(), result) (the token is {call.Token}), pass a responder to the constructor, or set Strict = false "
                + "to answer unscripted tasks with empty results. Scripted: "
                + (_cannedByTask.IsEmpty ? "nothing." : string.Join(", ", _cannedByTask.Keys.Order(StringComparer.Ordinal)) + "."));
        return result as TResult ?? throw new InvalidOperationException(
            $"RecordingFlorence2Model: {call.Method} ({call.Task}) must return a {typeof(TResult).Name}, but the configured result is "
            + (result is null ? "null." : $"a {result.GetType().Name}. Configure a {typeof(TResult).Name} for this task."));
    }

    private static string Describe(Florence2Call call) => call.Text is { } text ? $"{call.Token} with text \"{text}\"" : call.Token;

    // A stream arrives piece by piece; splitting before each space keeps the pieces' concatenation the whole text.
    private static List<string> Words(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == ' ' && text[i - 1] != ' ')
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        if (text.Length > start)
        {
            pieces.Add(text[start..]);
        }

        return pieces;
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
