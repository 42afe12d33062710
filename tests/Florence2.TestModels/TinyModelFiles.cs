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
    public static string Fp16Variant(string onnxModule)
    {
        ArgumentNullException.ThrowIfNull(onnxModule);
        return Path.ChangeExtension(onnxModule, null) + "_fp16.onnx";
    }
}
