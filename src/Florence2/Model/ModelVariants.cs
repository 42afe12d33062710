namespace Florence2;

/// <summary>
/// Which file variant (<see cref="ModelVariant"/>) to load for each of the four ONNX modules, for example a half-precision
/// vision encoder with a 4-bit decoder. A plain settings object: mutable until the model is loaded, then copied.
/// </summary>
/// <remarks>Not thread-safe while being changed; the library only reads it.</remarks>
public sealed class ModelVariants
{
    /// <summary>Variant of <c>onnx/vision_encoder*.onnx</c>; <see cref="ModelVariant.Fp32"/> by default.</summary>
    public ModelVariant VisionEncoder { get; set; }

    /// <summary>Variant of <c>onnx/embed_tokens*.onnx</c>; <see cref="ModelVariant.Fp32"/> by default.</summary>
    public ModelVariant EmbedTokens { get; set; }

    /// <summary>Variant of <c>onnx/encoder_model*.onnx</c>; <see cref="ModelVariant.Fp32"/> by default.</summary>
    public ModelVariant Encoder { get; set; }

    /// <summary>Variant of <c>onnx/decoder_model_merged*.onnx</c>; <see cref="ModelVariant.Fp32"/> by default.</summary>
    public ModelVariant Decoder { get; set; }

    /// <summary>The same variant for all four modules.</summary>
    /// <param name="variant">The variant.</param>
    public static ModelVariants All(ModelVariant variant) => new()
    {
        VisionEncoder = variant,
        EmbedTokens = variant,
        Encoder = variant,
        Decoder = variant,
    };

    /// <summary>The variant chosen for <paramref name="module"/>.</summary>
    /// <param name="module">The module.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="module"/> is not a defined value.</exception>
    public ModelVariant Of(ModelModule module) => module switch
    {
        ModelModule.VisionEncoder => VisionEncoder,
        ModelModule.EmbedTokens => EmbedTokens,
        ModelModule.Encoder => Encoder,
        ModelModule.Decoder => Decoder,
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, "Expected VisionEncoder, EmbedTokens, Encoder or Decoder."),
    };

    /// <summary>Throws when a variant is not a defined <see cref="ModelVariant"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A variant is out of range; the message names the module.</exception>
    public void Validate()
    {
        foreach (var module in Enum.GetValues<ModelModule>())
        {
            var variant = Of(module);
            if (!Enum.IsDefined(variant))
            {
                throw new ArgumentOutOfRangeException(module.ToString(), variant,
                    $"The {module} variant {(int)variant} is not a ModelVariant; use one of {string.Join(", ", Enum.GetNames<ModelVariant>())}.");
            }
        }
    }
}
