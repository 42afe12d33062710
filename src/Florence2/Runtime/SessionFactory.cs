using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>Opens the sessions of one model folder with the variants and session settings the caller chose.</summary>
internal sealed class SessionFactory
{
    private readonly ModelFolder _folder;
    private readonly Florence2ModelOptions _options;

    public SessionFactory(ModelFolder folder, Florence2ModelOptions options)
    {
        _folder = folder;
        _options = options;
    }

    public OnnxModelSession Open(ModelModule module, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        var path = _folder.OnnxPath(module, VariantOf(module));
        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _options.ConfigureSession?.Invoke(sessionOptions);
        return OnnxModelSession.Open(path, sessionOptions, inputs, outputs);
    }

    private ModelVariant VariantOf(ModelModule module) => module switch
    {
        ModelModule.VisionEncoder => _options.VisionEncoderVariant,
        ModelModule.EmbedTokens => _options.EmbedTokensVariant,
        ModelModule.Encoder => _options.EncoderVariant,
        _ => _options.DecoderVariant,
    };
}
