namespace Florence2.Model;

/// <summary>
/// The file names of the onnx-community Florence-2 layout: one place for the folder loader and the Hub download.
/// Paths are relative to the model folder, with '/' separators (as in a Hub repository).
/// </summary>
internal static class ModelFiles
{
    public const string Config = "config.json";
    public const string GenerationConfig = "generation_config.json";
    public const string PreprocessorConfig = "preprocessor_config.json";
    public const string Tokenizer = "tokenizer.json";
    public const string TokenizerConfig = "tokenizer_config.json";
    public const string Vocab = "vocab.json";
    public const string Merges = "merges.txt";
    public const string AddedTokens = "added_tokens.json";
    public const string SpecialTokensMap = "special_tokens_map.json";
    public const string OnnxFolder = "onnx";

    private static readonly string[] Suffixes = ["", "_fp16", "_quantized", "_int8", "_uint8", "_q4", "_q4f16", "_bnb4"];

    /// <summary>The json and tokenizer files a model cannot load without (besides its four ONNX files).</summary>
    public static IReadOnlyList<string> RequiredJson { get; } = [Config, PreprocessorConfig, Tokenizer];

    /// <summary>
    /// Files a folder may lack: <c>tokenizer_config.json</c> only tunes decoding (its absence means the default); the
    /// others are generation defaults, the slow-tokenizer fallback and metadata, absent from some fine-tunes.
    /// </summary>
    public static IReadOnlyList<string> Optional { get; } = [GenerationConfig, TokenizerConfig, Vocab, Merges, AddedTokens, SpecialTokensMap];

    /// <summary>The file name of a module without its variant suffix, e.g. <c>decoder_model_merged</c>.</summary>
    public static string BaseName(ModelModule module) => module switch
    {
        ModelModule.VisionEncoder => "vision_encoder",
        ModelModule.EmbedTokens => "embed_tokens",
        ModelModule.Encoder => "encoder_model",
        ModelModule.Decoder => "decoder_model_merged",
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, "Expected VisionEncoder, EmbedTokens, Encoder or Decoder."),
    };

    /// <summary>The suffix of a variant's file names, e.g. <c>_q4</c>; empty for <see cref="ModelVariant.Fp32"/>.</summary>
    public static string Suffix(ModelVariant variant)
    {
        var index = (int)variant;
        return index >= 0 && index < Suffixes.Length
            ? Suffixes[index]
            : throw new ArgumentOutOfRangeException(nameof(variant), variant, $"Expected one of {string.Join(", ", Enum.GetNames<ModelVariant>())}.");
    }

    /// <summary>The ONNX file of a module in a variant, relative to the model folder: <c>onnx/decoder_model_merged_q4.onnx</c>.</summary>
    public static string Onnx(ModelModule module, ModelVariant variant) => OnnxFolder + "/" + BaseName(module) + Suffix(variant) + ".onnx";

    /// <summary>Everything a model with <paramref name="variants"/> cannot load without: its four ONNX files and <see cref="RequiredJson"/>.</summary>
    public static IReadOnlyList<string> Required(ModelVariants variants)
    {
        var files = new List<string>(RequiredJson.Count + 4);
        foreach (var module in Enum.GetValues<ModelModule>())
        {
            files.Add(Onnx(module, variants.Of(module)));
        }

        files.AddRange(RequiredJson);
        return files;
    }
}
