using System.Diagnostics;
using Florence2.Batching;
using Florence2.Generation;
using Florence2.Telemetry;
using Florence2.Vision;

namespace Florence2;

/// <summary>
/// The facade's micro-batching path (<see cref="Florence2ModelOptions.MicroBatching"/>): greedy calls wait briefly in
/// a queue, and one thread runs each gathered batch through one vision run, one text encoder run and one decoder
/// run per step, each call a row. A row that finishes, fails or is cancelled leaves without touching the others.
/// </summary>
public sealed partial class Florence2Model
{
    /// <summary>Images per vision encoder run inside a micro-batch.</summary>
    private const int VisionImagesPerRun = 2;

    /// <summary>The queue of greedy calls; null when micro-batching is off or the text stage cannot batch rows.</summary>
    private MicroBatchQueue<BatchedCall>? _microBatches;

    /// <summary>Starts the batch thread when the options ask for it and the text stage can decode rows together.</summary>
    private void StartMicroBatching(MicroBatchingOptions? options)
    {
        if (options is { Enabled: true } && _text is IRowBatchTextDecoder)
        {
            _microBatches = new MicroBatchQueue<BatchedCall>(options.Window, options.MaxBatchSize, RunMicroBatch, "Florence2 micro-batcher");
        }
    }

    /// <summary>
    /// Runs one greedy call as a row of the next micro-batch and waits for its outcome on the calling thread. The
    /// call leaves only when its row has left the batch, so the model's sessions stay alive while the row uses them.
    /// </summary>
    private (GenerationResult Generation, AnswerTokens Answer) RunBatched(MicroBatchQueue<BatchedCall> queue, VisionInput image, Florence2Task task,
        GenerationSettings settings, int[]? promptIds, Action<int>? onToken, Stopwatch clock, CancellationToken cancellationToken)
    {
        var features = image is EncodedImage ? FeaturesOf(image, cancellationToken) : null;
        var call = new BatchedCall(image, features, task, settings, promptIds, onToken, clock, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        queue.Enqueue(call);

        // Cancelled while still queued: taken back at once. Once in a batch, the batch drops the row at its next step.
        using (cancellationToken.Register(static state =>
        {
            var (queue, call) = ((MicroBatchQueue<BatchedCall>, BatchedCall))state!;
            if (queue.TryRemove(call))
            {
                call.Fail(new OperationCanceledException(call.CancellationToken));
            }
        }, (queue, call)))
        {
            try
            {
                return call.Outcome.GetAwaiter().GetResult();
            }
            catch (TaskCanceledException cancelled)
            {
                throw new OperationCanceledException(cancelled.Message, cancelled, cancellationToken);
            }
        }
    }

    /// <summary>Runs one micro-batch on the batch thread; every call gets its outcome, whatever happens.</summary>
    private void RunMicroBatch(IReadOnlyList<BatchedCall> batch)
    {
        var calls = batch.Where(c => !c.IsDone).ToList();
        try
        {
            // The batch runs while any of its calls still wants it; closing the model cancels every call.
            using var batchStop = new CancellationTokenSource();
            var waiting = calls.Count;
            var registrations = new List<CancellationTokenRegistration>(calls.Count);
            try
            {
                foreach (var call in calls)
                {
                    registrations.Add(call.CancellationToken.Register(() =>
                    {
                        if (Interlocked.Decrement(ref waiting) == 0)
                        {
                            batchStop.Cancel();
                        }
                    }));
                }

                RunMicroBatchStages(calls, batchStop.Token);
            }
            finally
            {
                foreach (var registration in registrations)
                {
                    registration.Dispose();
                }
            }
        }
        catch (Exception e)
        {
            // Anything that escaped the stages: the calls still waiting fail with it rather than hang.
            foreach (var call in calls)
            {
                call.Fail(e);
            }
        }
    }

    private void RunMicroBatchStages(List<BatchedCall> calls, CancellationToken batchToken)
    {
        using var span = Instruments.Source.StartActivity(Florence2Telemetry.BatchActivity);
        span?.SetTag("florence2.batch.size", calls.Count);
        span?.SetTag("florence2.batch.micro", true);
        EncodeMicroBatch(calls, batchToken);

        // The prompt of a region task needs the image size; then each row's encoder limit.
        var ready = new List<BatchedCall>(calls.Count);
        foreach (var call in calls)
        {
            if (call.IsDone)
            {
                continue;
            }

            try
            {
                call.CancellationToken.ThrowIfCancellationRequested();
                var features = call.Features!;
                call.Prompt = call.Task.PromptFor(features.ImageSize);
                call.PromptIds ??= Tokenize(call.Prompt, features.TokenCount, call.CancellationToken);
                PositionLimits.CheckEncoder(features.TokenCount, call.PromptIds.Length, _text.MaxEncoderLength, "task");
                ready.Add(call);
            }
            catch (Exception e)
            {
                call.Fail(e);
            }
        }

        // Rows of one decoder batch need features of one shape; with the ONNX vision encoder that is every row.
        while (ready.Count > 0)
        {
            var first = ready[0].Features!;
            var group = ready.Where(c => c.Features!.TokenCount == first.TokenCount && c.Features.Dimension == first.Dimension).ToList();
            ready.RemoveAll(group.Contains);
            GenerateMicroBatch(group, batchToken);
        }
    }

    /// <summary>The features of every call that has none yet: one batched vision run; an image that cannot be used fails its call alone.</summary>
    private void EncodeMicroBatch(List<BatchedCall> calls, CancellationToken batchToken)
    {
        var pending = calls.Where(c => c.Features is null && !c.IsDone).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        if (_vision is IBatchVisionEncoder batchEncoder)
        {
            try
            {
                // Like the text encoder, the vision encoder is bound by arithmetic: a few images per run keep its
                // activations small without costing anything per image.
                for (var first = 0; first < pending.Count; first += VisionImagesPerRun)
                {
                    var chunk = pending.Skip(first).Take(VisionImagesPerRun).ToArray();
                    var items = batchEncoder.EncodeBatch(chunk.Select(c => (ImageInput)c.Image).ToArray(), batchToken);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        if (items[i].Error is { } error)
                        {
                            chunk[i].Fail(error);
                        }
                        else
                        {
                            chunk[i].Features = items[i].Features;
                        }
                    }
                }
            }
            catch (Exception e)
            {
                // The run itself failed (or every call was cancelled): every call in it fails with that.
                foreach (var call in pending)
                {
                    call.Fail(e);
                }
            }

            return;
        }

        foreach (var call in pending)
        {
            try
            {
                call.Features = _vision.Encode((ImageInput)call.Image, call.CancellationToken);
            }
            catch (Exception e)
            {
                call.Fail(e);
            }
        }
    }

    /// <summary>Decodes a group of calls as rows of one batch and hands each call its result or its own error.</summary>
    private void GenerateMicroBatch(List<BatchedCall> group, CancellationToken batchToken)
    {
        var rows = group.Select(c => new GreedyRow(c.Settings, c.OnToken, c.CancellationToken) { Features = c.Features, PromptTokenIds = c.PromptIds }).ToArray();
        try
        {
            ((IRowBatchTextDecoder)_text).GenerateRows(rows, batchToken);
        }
        catch (Exception e)
        {
            // A run of the batch failed: no row has a trustworthy answer, so every row fails with the error.
            foreach (var call in group)
            {
                call.Fail(e);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            var call = group[i];
            try
            {
                if (rows[i].Error is { } error)
                {
                    call.Fail(error);
                    continue;
                }

                call.Succeed(ToResult(call.Task, call.Prompt!, call.PromptIds!, call.Features!, call.FeaturesGiven, rows[i].Sequence!, call.Clock.Elapsed));
            }
            catch (Exception e)
            {
                call.Fail(e);
            }
        }
    }
}
