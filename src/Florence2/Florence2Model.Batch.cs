using System.Diagnostics;
using Florence2.Batching;
using Florence2.Generation;
using Florence2.Tasks;
using Florence2.Telemetry;
using Florence2.Vision;

namespace Florence2;

/// <summary>The facade's batch path: many images, one task, the vision encoder and greedy decoding run per batch.</summary>
public sealed partial class Florence2Model
{
    /// <inheritdoc />
    /// <remarks>
    /// Greedy decoding (<c>NumBeams = 1</c>) decodes a batch's images together, one decoder run per step; each image's
    /// answer is the one its single-image call gives. With beams, each image is decoded on its own after the batched
    /// vision encoder: beam search keeps several hypotheses per image that finish and are pruned at different steps,
    /// so mixing images would need per-image beam bookkeeping inside one batch for little gain on a CPU.
    /// Custom <see cref="IVisionEncoder"/> implementations are called once per image.
    /// </remarks>
    public IAsyncEnumerable<BatchItemResult<TResult>> RunBatchAsync<TResult>(IEnumerable<VisionInput> images, Florence2Task<TResult> task, BatchOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResult : TaskResult
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(task);
        var prompt = task.Prompt ?? throw new ArgumentException(
            $"{task.Token} is a region task: its prompt depends on each image's size, so it cannot be batched with one prompt. Run it per image.", nameof(task));
        options ??= new BatchOptions();
        options.Validate();
        var settings = Settings(task, options.TaskOptions?.Generation);
        var promptIds = Tokenize(prompt, _imageTokens, cancellationToken);
        var minimumScore = options.TaskOptions?.MinimumScore ?? 0f;
        return BatchScheduler.RunAsync(images, options.BatchSize, options.MaxDegreeOfParallelism,
            (first, batch, token) => RunBatch(first, batch, task, prompt, promptIds, settings, minimumScore, token), cancellationToken);
    }

    /// <summary>Runs one batch; every failure that belongs to an image (or to a stage run for some images) is that item's error.</summary>
    private BatchItemResult<TResult>[] RunBatch<TResult>(int first, IReadOnlyList<VisionInput> images, Florence2Task<TResult> task, string prompt,
        IReadOnlyList<int> promptIds, GenerationSettings settings, float minimumScore, CancellationToken cancellationToken)
        where TResult : TaskResult
    {
        using var call = _calls.Enter(this, cancellationToken);
        using var scope = _key is null ? null : Log.CallScope(_logger, KeyText(_key));

        // One span per batch, the parent of its stage spans (and a child of whatever span enumerated the batch).
        var tags = new CallTags(Info.ModelId, task.TelemetryName);
        using var span = tags.StartSpan(Florence2Telemetry.BatchActivity);
        span?.SetTag("florence2.batch.size", images.Count);
        span?.SetTag(Florence2Telemetry.RequestMaxTokensAttribute, settings.MaxNewTokens);
        try
        {
            return RunBatchStages(first, images, task, prompt, promptIds, settings, minimumScore, tags, call.Token);
        }
        catch (OperationCanceledException cancelled) when (call.Replacement(cancelled, this, cancellationToken) is { } replacement)
        {
            throw replacement;
        }
    }

    private BatchItemResult<TResult>[] RunBatchStages<TResult>(int first, IReadOnlyList<VisionInput> images, Florence2Task<TResult> task, string prompt,
        IReadOnlyList<int> promptIds, GenerationSettings settings, float minimumScore, CallTags tags, CancellationToken cancellationToken)
        where TResult : TaskResult
    {
        var clock = Stopwatch.StartNew();
        var count = images.Count;
        var features = new ImageFeatures?[count];
        var given = new bool[count];
        var errors = new Exception?[count];
        EncodeBatch(first, images, features, given, errors, cancellationToken);
        for (var i = 0; i < count; i++)
        {
            if (errors[i] is null)
            {
                try
                {
                    PositionLimits.CheckEncoder(features[i]!.TokenCount, promptIds.Count, _text.MaxEncoderLength, nameof(task));
                }
                catch (PromptTooLongException e)
                {
                    errors[i] = e;
                }
            }
        }

        var generated = new GeneratedSequence?[count];
        if (settings.NumBeams == 1)
        {
            GenerateGreedy(features, errors, promptIds, settings, generated, cancellationToken);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                if (errors[i] is null)
                {
                    try
                    {
                        generated[i] = _text.Generate(features[i]!, promptIds, settings, onToken: null, cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        errors[i] = e;
                    }
                }
            }
        }

        // Every item counts in the metrics as the call it stands for: its duration, tokens and stage times, or its error.
        var results = new BatchItemResult<TResult>[count];
        for (var i = 0; i < count; i++)
        {
            if (errors[i] is null)
            {
                try
                {
                    var (result, answer) = ToResult(task, prompt, promptIds, features[i]!, given[i], generated[i]!, clock.Elapsed);
                    results[i] = new BatchItemResult<TResult>(first + i, task.Parse(_parser, result, answer, minimumScore));
                    _metrics.RecordCall(tags, result.Timings, result.PromptTokenIds.Count + result.ImageTokenCount, Math.Max(0, result.GeneratedTokenIds.Count - 1));
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    errors[i] = e;
                }
            }

            var error = errors[i]!;
            _metrics.RecordFailure(tags, clock.Elapsed, error.GetType().FullName ?? error.GetType().Name);
            results[i] = new BatchItemResult<TResult>(first + i, error);
        }

        return results;
    }

    /// <summary>
    /// Fills in each image's features: taken from an <see cref="EncodedImage"/> of this model, else from one batched
    /// vision run (or one run per image for encoders that cannot batch). A bad image fails alone.
    /// </summary>
    private void EncodeBatch(int first, IReadOnlyList<VisionInput> images, ImageFeatures?[] features, bool[] given, Exception?[] errors,
        CancellationToken cancellationToken)
    {
        var pending = new List<int>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                errors[i] = new ArgumentNullException(nameof(images), $"Image {first + i} of the sequence is null.");
            }
            else if (images[i] is EncodedImage encoded)
            {
                try
                {
                    features[i] = encoded.FeaturesFor(this, nameof(images));
                    given[i] = true;
                }
                catch (ArgumentException e)
                {
                    errors[i] = e;
                }
            }
            else
            {
                pending.Add(i);
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        if (_vision is IBatchVisionEncoder batchEncoder)
        {
            var inputs = new ImageInput[pending.Count];
            for (var j = 0; j < inputs.Length; j++)
            {
                inputs[j] = (ImageInput)images[pending[j]];
            }

            try
            {
                var items = batchEncoder.EncodeBatch(inputs, cancellationToken);
                for (var j = 0; j < inputs.Length; j++)
                {
                    features[pending[j]] = items[j].Features;
                    errors[pending[j]] = items[j].Error;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The model run itself failed: every image that was in it fails with that error.
                foreach (var i in pending)
                {
                    errors[i] = e;
                }
            }

            return;
        }

        foreach (var i in pending)
        {
            try
            {
                features[i] = _vision.Encode((ImageInput)images[i], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors[i] = e;
            }
        }
    }

    /// <summary>Decodes the images that have features, grouped by feature shape, one greedy batch per group.</summary>
    private void GenerateGreedy(ImageFeatures?[] features, Exception?[] errors, IReadOnlyList<int> promptIds, GenerationSettings settings,
        GeneratedSequence?[] generated, CancellationToken cancellationToken)
    {
        // Every image of a batch has the same prompt, so only the image token count can split a batch (a custom
        // vision encoder may vary it); with the ONNX encoder there is one group.
        var done = new bool[features.Length];
        for (var start = 0; start < features.Length; start++)
        {
            if (errors[start] is not null || done[start])
            {
                continue;
            }

            var members = new List<int>();
            var group = new List<ImageFeatures>();
            for (var i = start; i < features.Length; i++)
            {
                if (errors[i] is null && !done[i] && features[i]!.TokenCount == features[start]!.TokenCount && features[i]!.Dimension == features[start]!.Dimension)
                {
                    members.Add(i);
                    group.Add(features[i]!);
                    done[i] = true;
                }
            }

            try
            {
                var sequences = _text.GenerateBatch(group, promptIds, settings, cancellationToken);
                if (sequences.Count != group.Count)
                {
                    throw new Florence2Exception($"The text decoder returned {sequences.Count} sequences for a batch of {group.Count} images.");
                }

                for (var j = 0; j < members.Count; j++)
                {
                    generated[members[j]] = sequences[j];
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                foreach (var i in members)
                {
                    errors[i] = e;
                }
            }
        }
    }
}
