using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Florence2;

/// <summary>
/// How <see cref="Florence2Model.Load(string, Florence2ModelOptions?, CancellationToken)"/> builds a model: which file
/// variant of each ONNX module to load, image decoding limits, execution providers and ONNX Runtime session settings.
/// The same type binds from configuration in <c>services.AddFlorence2(...)</c> (see <see cref="Florence2Options"/>).
/// </summary>
/// <remarks>
/// A plain settings object: set it up, then load. Loading copies what it needs, so changing the options afterwards
/// does not affect a loaded model. Not thread-safe while being changed.
/// </remarks>
public class Florence2ModelOptions
{
    /// <summary>The file variant of each ONNX module (<c>decoder_model_merged_q4.onnx</c>, ...); all <see cref="ModelVariant.Fp32"/> by default.</summary>
    public ModelVariants Variants { get; set; } = new();

    /// <summary>Which image formats are decoded and how large an image may be.</summary>
    public ImageDecodingOptions ImageDecoding { get; set; } = new();

    /// <summary>
    /// Decodes encoded images (<see cref="ImageInput.FromFile"/>, <c>FromStream</c>, <c>FromBytes</c>): a decoder package's
    /// <c>new SkiaSharpImageDecoder()</c> (<c>Florence2.OnnxRuntime.SkiaSharp</c>) or <c>new ImageSharpImageDecoder()</c>
    /// (<c>Florence2.OnnxRuntime.ImageSharp</c>); in a host, <c>AddFlorence2(...).UseSkiaSharp()</c>. Null (the default)
    /// loads the model all the same, since raw pixels (<see cref="ImageInput.FromPixels"/>) need no decoder; the first
    /// encoded image then throws <see cref="ImageDecoderMissingException"/>. Code only.
    /// </summary>
    public IImageDecoder? ImageDecoder { get; set; }

    /// <summary>
    /// Execution providers to try, best first, for every module without its own entry in
    /// <see cref="ModuleExecutionProviders"/>. Empty (the default) means the CPU alone.
    /// </summary>
    public IReadOnlyList<ExecutionProviderChoice> ExecutionProviders { get; set; } = [];

    /// <summary>Per-module provider lists (for example the vision encoder on the GPU, the rest on the CPU).</summary>
    public IReadOnlyDictionary<ModelModule, IReadOnlyList<ExecutionProviderChoice>>? ModuleExecutionProviders { get; set; }

    /// <summary>
    /// When no listed provider can be used, fall back to the CPU (true, the default) or fail with
    /// <see cref="ExecutionProviderUnavailableException"/> naming the native package to add (false).
    /// </summary>
    public bool AllowCpuFallback { get; set; } = true;

    /// <summary>Threads, graph optimization and memory arena for every session.</summary>
    public SessionSettings Session { get; set; } = new();

    /// <summary>
    /// A folder where ONNX Runtime's optimized graph of each module is kept, so that the next load of the same files
    /// skips the optimization passes (docs/performance.md, "Load and first call"); null (the default) keeps none.
    /// An entry is used only when the model file's path, size and modification time, the ONNX Runtime version, the
    /// execution provider, <see cref="SessionSettings.GraphOptimization"/> and the processor all match the load
    /// that wrote it; a cached graph ONNX Runtime cannot load is logged, removed and replaced from the original.
    /// Each entry is about as large as its model file. Not used with <see cref="ConfigureSession"/> (whose changes
    /// cannot be keyed) or with <see cref="GraphOptimization.None"/>. Off by default because it writes as much to
    /// disk as the model takes and a folder must be chosen where that is welcome.
    /// </summary>
    public string? OptimizedModelCacheDirectory { get; set; }

    /// <summary>
    /// How many of the four ONNX sessions are created at once while loading: 0 (the default) means one per core, at
    /// most 4; 1 creates them one after the other (the lowest peak memory during the load).
    /// </summary>
    public int SessionLoadParallelism { get; set; }

    /// <summary>
    /// Called once per session attempt (one per module, plus one for each provider that failed while creating its
    /// session) with its <see cref="SessionOptions"/>, after <see cref="Session"/> and the execution provider are
    /// applied and before the session is created: for settings this type does not cover. The library disposes the
    /// options after creating the session. Code only; it cannot come from configuration. With
    /// <see cref="SessionLoadParallelism"/> other than 1 it can be called from several threads at once.
    /// </summary>
    public Action<SessionOptions>? ConfigureSession { get; set; }

    /// <summary>
    /// Whether concurrent greedy calls share batches (off by default): see <see cref="MicroBatchingOptions"/> and
    /// docs/performance.md. Results are the same either way; only throughput and latency change.
    /// </summary>
    public MicroBatchingOptions MicroBatching { get; set; } = new();

    /// <summary>Turns answers into typed results; null uses <see cref="Florence2.LocationTokenParser.Instance"/>. Code only.</summary>
    public ILocationTokenParser? LocationTokenParser { get; set; }

    /// <summary>
    /// Where the model logs (load, provider fallback, per-call summaries at Debug, prompts only at Trace); null logs
    /// nothing. Code only; in a host the host's logging is used when this is null.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Throws when a setting is out of range or missing; the message names the setting and what would be right.</summary>
    /// <exception cref="ArgumentException">A setting is null, empty or malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    public void Validate()
    {
        (Variants ?? throw new ArgumentException("Florence2ModelOptions.Variants is null; leave it out for Fp32 everywhere.", nameof(Variants))).Validate();
        (ImageDecoding ?? throw new ArgumentException("Florence2ModelOptions.ImageDecoding is null; leave it out for the defaults.", nameof(ImageDecoding))).Validate();
        (MicroBatching ?? throw new ArgumentException("Florence2ModelOptions.MicroBatching is null; leave it out for no micro-batching.", nameof(MicroBatching))).Validate();
        if (OptimizedModelCacheDirectory is { } cache && (string.IsNullOrWhiteSpace(cache) || cache.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            throw new ArgumentException(
                $"Florence2ModelOptions.OptimizedModelCacheDirectory '{cache}' is not a folder path; give a folder, or null to keep no optimized graphs.",
                nameof(OptimizedModelCacheDirectory));
        }

        if (SessionLoadParallelism < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SessionLoadParallelism), SessionLoadParallelism,
                "Florence2ModelOptions.SessionLoadParallelism is negative; use 0 for one session per core (at most 4), 1 for one at a time, or more.");
        }

        Runtime.SessionOptionsValidation.Validate(ToRuntimeSettings());
    }

    /// <summary>What the ONNX sessions need to know, and nothing else.</summary>
    /// <param name="loggerFactory">Where ONNX Runtime's own log goes; <see cref="LoggerFactory"/> when null.</param>
    internal Runtime.RuntimeSettings ToRuntimeSettings(ILoggerFactory? loggerFactory = null) => new(
        Variants, ExecutionProviders, ModuleExecutionProviders, AllowCpuFallback, Session, ConfigureSession, loggerFactory ?? LoggerFactory,
        OptimizedModelCacheDirectory, SessionLoadParallelism);
}
