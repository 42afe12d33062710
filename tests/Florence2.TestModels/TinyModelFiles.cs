namespace Florence2.TestModels;

/// <summary>Relative paths of the files <see cref="TinyModelWriter"/> writes (the onnx-community layout).</summary>
public static class TinyModelFiles
{
    /// <summary><c>pixel_values</c> → <c>image_features</c>.</summary>
    public const string VisionEncoder = "onnx/vision_encoder.onnx";

    /// <summary><c>input_ids</c> → <c>inputs_embeds</c>.</summary>
    public const string EmbedTokens = "onnx/embed_tokens.onnx";

    /// <summary><c>inputs_embeds</c>, <c>attention_mask</c> → <c>last_hidden_state</c>.</summary>
    public const string Encoder = "onnx/encoder_model.onnx";

    /// <summary>The merged decoder with its <c>use_cache_branch</c> switch.</summary>
    public const string DecoderMerged = "onnx/decoder_model_merged.onnx";

    /// <summary>The model configuration.</summary>
    public const string Config = "config.json";

    /// <summary>The generation defaults.</summary>
    public const string GenerationConfig = "generation_config.json";

    /// <summary>The image processor settings and the three task maps.</summary>
    public const string PreprocessorConfig = "preprocessor_config.json";

    /// <summary>The four ONNX modules in pipeline order.</summary>
    public static IReadOnlyList<string> OnnxModules { get; } = [VisionEncoder, EmbedTokens, Encoder, DecoderMerged];

    /// <summary>The float16-boundary variant of an ONNX module path: <c>onnx/x.onnx</c> → <c>onnx/x_fp16.onnx</c>.</summary>
    public static string Fp16Variant(string onnxModule) => Variant(onnxModule, TinyModelVariant.Fp16);

    /// <summary>The path of a module's file in <paramref name="variant"/>: <c>onnx/x.onnx</c> → <c>onnx/x_q4.onnx</c>.</summary>
    public static string Variant(string onnxModule, TinyModelVariant variant)
    {
        ArgumentNullException.ThrowIfNull(onnxModule);
        return variant == TinyModelVariant.Fp32 ? onnxModule : Path.ChangeExtension(onnxModule, null) + Suffix(variant) + ".onnx";
    }

    /// <summary>The file-name suffix of <paramref name="variant"/> in the onnx-community layout (empty for fp32).</summary>
    public static string Suffix(TinyModelVariant variant) => variant switch
    {
        TinyModelVariant.Fp32 => "",
        TinyModelVariant.Fp16 => "_fp16",
        TinyModelVariant.Quantized => "_quantized",
        TinyModelVariant.Int8 => "_int8",
        TinyModelVariant.Uint8 => "_uint8",
        TinyModelVariant.Q4 => "_q4",
        TinyModelVariant.Q4F16 => "_q4f16",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown variant."),
    };
}
