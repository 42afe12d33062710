using Florence2.Runtime;

namespace Florence2;

/// <summary>
/// The onnx-community Florence-2 repositories on the Hugging Face Hub and the files a choice of variants needs.
/// Any other repository in the same layout works too. Stateless; thread-safe.
/// </summary>
public static class Florence2Models
{
    /// <summary>Florence-2-base (0.23 B parameters), pre-trained.</summary>
    public const string Base = "onnx-community/Florence-2-base";

    /// <summary>Florence-2-base fine-tuned on the downstream tasks; the default.</summary>
    public const string BaseFt = "onnx-community/Florence-2-base-ft";

    /// <summary>Florence-2-large (0.77 B parameters), pre-trained.</summary>
    public const string Large = "onnx-community/Florence-2-large";

    /// <summary>Florence-2-large fine-tuned on the downstream tasks.</summary>
    public const string LargeFt = "onnx-community/Florence-2-large-ft";

    /// <summary>The model the samples and the README use: <see cref="BaseFt"/>.</summary>
    public const string Default = BaseFt;

    private static readonly string[] Required = ["config.json", "preprocessor_config.json", "tokenizer.json"];

    // tokenizer_config.json only tunes decoding (its absence means the default); the others are the slow-tokenizer
    // fallback and metadata, absent from some fine-tunes.
    private static readonly string[] Optional =
        ["generation_config.json", "tokenizer_config.json", "vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json"];

    /// <summary>The json and tokenizer files a repository may lack; a download skips them when it does.</summary>
    public static IReadOnlyList<string> OptionalFiles => Optional;

    /// <summary>Path of a module's ONNX file in a variant, for example <c>onnx/decoder_model_merged_q4.onnx</c>.</summary>
    public static string OnnxFile(Florence2Module module, ModelVariant variant) => "onnx/" + module switch
    {
        Florence2Module.VisionEncoder => "vision_encoder",
        Florence2Module.EmbedTokens => "embed_tokens",
        Florence2Module.Encoder => "encoder_model",
        Florence2Module.Decoder => "decoder_model_merged",
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, "Unknown Florence-2 module."),
    } + ModelFolder.Suffix(variant) + ".onnx";

    /// <summary>The variant <paramref name="options"/> chooses for <paramref name="module"/>.</summary>
    public static ModelVariant VariantOf(Florence2ModelOptions options, Florence2Module module)
    {
        ArgumentNullException.ThrowIfNull(options);
        return module switch
        {
            Florence2Module.VisionEncoder => options.VisionEncoderVariant,
            Florence2Module.EmbedTokens => options.EmbedTokensVariant,
            Florence2Module.Encoder => options.EncoderVariant,
            Florence2Module.Decoder => options.DecoderVariant,
            _ => throw new ArgumentOutOfRangeException(nameof(module), module, "Unknown Florence-2 module."),
        };
    }

    /// <summary>
    /// The files a model with these variants cannot load without: the four ONNX files in the chosen variants,
    /// <c>config.json</c>, <c>preprocessor_config.json</c> and <c>tokenizer.json</c>. See <see cref="OptionalFiles"/> for the rest.
    /// </summary>
    public static IReadOnlyList<string> RequiredFiles(Florence2ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = new List<string>(Required.Length + 4);
        foreach (var module in Enum.GetValues<Florence2Module>())
        {
            files.Add(OnnxFile(module, VariantOf(options, module)));
        }

        files.AddRange(Required);
        return files;
    }

    /// <summary>Everything to download for these variants: <see cref="RequiredFiles"/> as required, <see cref="OptionalFiles"/> as optional.</summary>
    public static IReadOnlyList<HubFile> Files(Florence2ModelOptions options) =>
        [.. RequiredFiles(options).Select(path => new HubFile(path)), .. Optional.Select(path => new HubFile(path, Required: false))];
}
