using Florence2.Model;

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

    /// <summary>The json and tokenizer files a repository may lack; a download skips them when it does.</summary>
    public static IReadOnlyList<string> OptionalFiles => ModelFiles.Optional;

    /// <summary>Path of a module's ONNX file in a variant, for example <c>onnx/decoder_model_merged_q4.onnx</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The module or variant is not a defined value.</exception>
    public static string OnnxFile(ModelModule module, ModelVariant variant) => ModelFiles.Onnx(module, variant);

    /// <summary>
    /// The files a model with these variants cannot load without: the four ONNX files in the chosen variants,
    /// <c>config.json</c>, <c>preprocessor_config.json</c> and <c>tokenizer.json</c>. See <see cref="OptionalFiles"/> for the rest.
    /// </summary>
    /// <param name="variants">The variant of each module.</param>
    public static IReadOnlyList<string> RequiredFiles(ModelVariants variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        return ModelFiles.Required(variants);
    }

    /// <summary>Everything to download for these variants: <see cref="RequiredFiles"/> as required, <see cref="OptionalFiles"/> as optional.</summary>
    /// <param name="variants">The variant of each module.</param>
    public static IReadOnlyList<HubFile> Files(ModelVariants variants) =>
        [.. RequiredFiles(variants).Select(path => new HubFile(path)), .. ModelFiles.Optional.Select(path => new HubFile(path, Required: false))];
}
