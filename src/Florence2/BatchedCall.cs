using System.Diagnostics;
using Florence2.Generation;

namespace Florence2;

/// <summary>
/// One greedy call waiting for, or running in, a micro-batch: what the batch needs to run it (the image or its
/// features, the task, its settings, its prompt when known, its callback and token) and the outcome its caller
/// waits for. The caller blocks on <see cref="Outcome"/>; the batch thread sets it exactly once.
/// </summary>
internal sealed class BatchedCall
{
    private readonly TaskCompletionSource<(GenerationResult Generation, AnswerTokens Answer)> _outcome =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BatchedCall(VisionInput image, ImageFeatures? features, Florence2Task task, GenerationSettings settings, int[]? promptIds, Action<int>? onToken,
        Stopwatch clock, CancellationToken cancellationToken)
    {
        Image = image;
        Features = features;
        Task = task;
        Settings = settings;
        PromptIds = promptIds;
        OnToken = onToken;
        Clock = clock;
        CancellationToken = cancellationToken;
    }

    public VisionInput Image { get; }

    /// <summary>Given by an <see cref="EncodedImage"/>, or computed by the batch's vision run.</summary>
    public ImageFeatures? Features { get; set; }

    /// <summary>Whether <see cref="Features"/> came with the call (an <see cref="EncodedImage"/>), so its vision time is zero.</summary>
    public bool FeaturesGiven => Image is EncodedImage;

    public Florence2Task Task { get; }

    public GenerationSettings Settings { get; }

    /// <summary>The prompt's ids; null for a region task until the image size is known.</summary>
    public int[]? PromptIds { get; set; }

    public string? Prompt { get; set; }

    public Action<int>? OnToken { get; }

    /// <summary>Started when the call began; gives the result's total time.</summary>
    public Stopwatch Clock { get; }

    public CancellationToken CancellationToken { get; }

    public Task<(GenerationResult Generation, AnswerTokens Answer)> Outcome => _outcome.Task;

    public bool IsDone => _outcome.Task.IsCompleted;

    public void Succeed((GenerationResult Generation, AnswerTokens Answer) result) => _outcome.TrySetResult(result);

    public void Fail(Exception error)
    {
        if (error is OperationCanceledException)
        {
            _outcome.TrySetCanceled(CancellationToken.IsCancellationRequested ? CancellationToken : default);
        }
        else
        {
            _outcome.TrySetException(error);
        }
    }
}
