using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Florence2;

/// <summary>
/// How <see cref="Florence2Model.Load(string, Florence2ModelOptions?, CancellationToken)"/> builds a model: which file variant of each
/// ONNX module to load, image decoding limits and ONNX Runtime session settings. Immutable; safe to share.
/// </summary>
public sealed record Florence2ModelOptions
{
    /// <summary>Variant of <c>onnx/vision_encoder*.onnx</c>.</summary>
    public ModelVariant VisionEncoderVariant { get; init; } = ModelVariant.Fp32;

    /// <summary>Variant of <c>onnx/embed_tokens*.onnx</c>.</summary>
    public ModelVariant EmbedTokensVariant { get; init; } = ModelVariant.Fp32;

    /// <summary>Variant of <c>onnx/encoder_model*.onnx</c>.</summary>
    public ModelVariant EncoderVariant { get; init; } = ModelVariant.Fp32;

    /// <summary>Variant of <c>onnx/decoder_model_merged*.onnx</c>.</summary>
    public ModelVariant DecoderVariant { get; init; } = ModelVariant.Fp32;

    /// <summary>Which image formats are decoded and how large an image may be.</summary>
    public ImageDecodingOptions ImageDecoding { get; init; } = ImageDecodingOptions.Default;

    /// <summary>
    /// Execution providers to try, best first, for every module without its own entry in
    /// <see cref="ModuleExecutionProviders"/>. Defaults to the CPU alone.
    /// </summary>
    public IReadOnlyList<ExecutionProviderChoice> ExecutionProviders { get; init; } = [ExecutionProviderChoice.Cpu];

    /// <summary>Per-module provider lists (for example the vision encoder on the GPU, the rest on the CPU).</summary>
    public IReadOnlyDictionary<Florence2Module, IReadOnlyList<ExecutionProviderChoice>>? ModuleExecutionProviders { get; init; }

    /// <summary>
    /// When no listed provider can be used, fall back to the CPU (true, the default) or fail with
    /// <see cref="ExecutionProviderUnavailableException"/> naming the native package to add (false).
    /// </summary>
    public bool AllowCpuFallback { get; init; } = true;

    /// <summary>Threads, graph optimization and memory arena for every session.</summary>
    public SessionSettings Session { get; init; } = new();

    /// <summary>
    /// Called once per session attempt (one per module, plus one for each provider that failed while creating its
    /// session) with its <see cref="SessionOptions"/>, after <see cref="Session"/>
    /// and the execution provider are applied and before the session is created: for settings this type does not
    /// cover. The library disposes the options after creating the session.
    /// </summary>
    public Action<SessionOptions>? ConfigureSession { get; init; }

    /// <summary>Turns answers into typed results; null uses <see cref="Florence2.LocationTokenParser.Instance"/>.</summary>
    public ILocationTokenParser? LocationTokenParser { get; init; }

    /// <summary>Where the model logs (load, provider fallback, per-call summaries at Debug, prompts only at Trace); null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Returns the same options with one variant for all four modules.</summary>
    public Florence2ModelOptions WithVariant(ModelVariant variant) => this with
    {
        VisionEncoderVariant = variant,
        EmbedTokensVariant = variant,
        EncoderVariant = variant,
        DecoderVariant = variant,
    };
}
