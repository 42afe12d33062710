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
    /// Called once per session attempt (one per module, plus one for each provider that failed while creating its
    /// session) with its <see cref="SessionOptions"/>, after <see cref="Session"/> and the execution provider are
    /// applied and before the session is created: for settings this type does not cover. The library disposes the
    /// options after creating the session. Code only; it cannot come from configuration.
    /// </summary>
    public Action<SessionOptions>? ConfigureSession { get; set; }

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
        Runtime.SessionOptionsValidation.Validate(ToRuntimeSettings());
    }

    /// <summary>What the ONNX sessions need to know, and nothing else.</summary>
    /// <param name="loggerFactory">Where ONNX Runtime's own log goes; <see cref="LoggerFactory"/> when null.</param>
    internal Runtime.RuntimeSettings ToRuntimeSettings(ILoggerFactory? loggerFactory = null) => new(
        Variants, ExecutionProviders, ModuleExecutionProviders, AllowCpuFallback, Session, ConfigureSession, loggerFactory ?? LoggerFactory);
}
