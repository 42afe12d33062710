using Florence2.Model;
using Florence2.Generation;
using Florence2.Imaging;
using Florence2.Runtime;
using Florence2.Vision;

namespace Florence2.Tests.Support;

/// <summary>
/// The ONNX stages of a model folder behind wrappers that count vision runs, record batch sizes and track how many
/// batches decode at once.
/// </summary>
internal static class CountingStages
{
    public static (Florence2Model Model, CountingVisionEncoder Vision, CountingTextDecoder Text) Open(string modelDirectory, bool batchVision = true)
    {
        var folder = ModelFolder.Open(modelDirectory);
        var config = TextModelConfig.Load(JsonConfigFile.Load(folder.ConfigPath));
        var sessions = new SessionFactory(folder, new Florence2ModelOptions().ToRuntimeSettings());
        var onnx = OnnxVisionEncoder.Open(sessions, ImagePreprocessingSettings.Load(JsonConfigFile.Load(folder.PreprocessorConfigPath)), new ImageDecodingOptions(), config.DModel);
        var vision = batchVision ? new CountingBatchVisionEncoder(onnx) : new CountingVisionEncoder(onnx);
        var text = new CountingTextDecoder(OnnxTextDecoder.Open(config, sessions));
        return (Florence2Model.Create(modelDirectory, vision, text), vision, text);
    }
}

/// <summary>Counts vision-model runs (one per <see cref="Encode"/>); cannot batch.</summary>
internal class CountingVisionEncoder(OnnxVisionEncoder inner) : IVisionEncoder
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public List<int> BatchSizes { get; } = [];

    /// <summary>Batches of this many images throw, as a failing model run would.</summary>
    public int? FailBatchesOf { get; set; }

    public int FeatureDimension => inner.FeatureDimension;

    protected OnnxVisionEncoder Inner => inner;

    public ImageFeatures Encode(ImageInput image, CancellationToken cancellationToken = default)
    {
        CountRun();
        return inner.Encode(image, cancellationToken);
    }

    public void Dispose() => inner.Dispose();

    protected void CountRun() => Interlocked.Increment(ref _runs);
}

/// <summary>Also batches, counting one run per batch and recording its size.</summary>
internal sealed class CountingBatchVisionEncoder(OnnxVisionEncoder inner) : CountingVisionEncoder(inner), IBatchVisionEncoder
{
    public VisionBatchItem[] EncodeBatch(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken)
    {
        CountRun();
        lock (BatchSizes)
        {
            BatchSizes.Add(images.Count);
        }

        return images.Count == FailBatchesOf
            ? throw new InvalidOperationException("A vision run failed (test).")
            : Inner.EncodeBatch(images, cancellationToken);
    }
}

/// <summary>Counts generations and the most batches decoding at the same moment.</summary>
internal sealed class CountingTextDecoder(OnnxTextDecoder inner) : ITextDecoder
{
    private int _running;
    private int _maxRunning;
    private int _batches;
    private int _singles;

    public int MaxConcurrentBatches => Volatile.Read(ref _maxRunning);

    public int Batches => Volatile.Read(ref _batches);

    public int Singles => Volatile.Read(ref _singles);

    public List<int> BatchSizes { get; } = [];

    /// <summary>Runs at the start of every batch (inside the concurrency window).</summary>
    public Action? OnBatch { get; set; }

    public int MaxEncoderLength => inner.MaxEncoderLength;

    public GeneratedSequence Generate(ImageFeatures imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings, Action<int>? onToken = null,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _singles);
        return inner.Generate(imageFeatures, promptTokenIds, settings, onToken, cancellationToken);
    }

    public IReadOnlyList<GeneratedSequence> GenerateBatch(IReadOnlyList<ImageFeatures> imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings,
        CancellationToken cancellationToken = default)
    {
        var now = Interlocked.Increment(ref _running);
        try
        {
            Interlocked.Increment(ref _batches);
            lock (BatchSizes)
            {
                BatchSizes.Add(imageFeatures.Count);
            }

            int seen;
            while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
            {
            }

            OnBatch?.Invoke();
            return inner.GenerateBatch(imageFeatures, promptTokenIds, settings, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public void Dispose() => inner.Dispose();
}
