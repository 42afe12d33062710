using System.Globalization;

namespace Florence2.Runtime;

/// <summary>
/// The files of a model folder in the onnx-community layout: <c>onnx/*.onnx</c> next to the json and tokenizer
/// files. Resolves variant file names and fails early, naming the file, when something is missing.
/// </summary>
internal sealed class ModelFolder
{
    private static readonly string[] Suffixes = ["", "_fp16", "_quantized", "_int8", "_uint8", "_q4", "_q4f16", "_bnb4"];

    private ModelFolder(string directory) => Directory = directory;

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "config.json");

    public string GenerationConfigPath => Path.Combine(Directory, "generation_config.json");

    public string PreprocessorConfigPath => Path.Combine(Directory, "preprocessor_config.json");

    public static ModelFolder Open(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new ModelFileMissingException(full,
                $"Model folder '{full}' does not exist. Expected a folder in the onnx-community layout " +
                "(onnx/vision_encoder.onnx, onnx/embed_tokens.onnx, onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx, " +
                "config.json, preprocessor_config.json, tokenizer.json).");
        }

        var folder = new ModelFolder(full);
        folder.RequireFile(folder.ConfigPath, "the model configuration");
        folder.RequireFile(folder.PreprocessorConfigPath, "the image preprocessing configuration");
        return folder;
    }

    public static string BaseName(ModelModule module) => module switch
    {
        ModelModule.VisionEncoder => "vision_encoder",
        ModelModule.EmbedTokens => "embed_tokens",
        ModelModule.Encoder => "encoder_model",
        ModelModule.Decoder => "decoder_model_merged",
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
    };

    public static string Suffix(ModelVariant variant)
    {
        var index = (int)variant;
        if (index < 0 || index >= Suffixes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown model variant.");
        }

        return Suffixes[index];
    }

    /// <summary>Path of the ONNX file of a module in a variant; throws when the file is not there.</summary>
    public string OnnxPath(ModelModule module, ModelVariant variant)
    {
        var name = BaseName(module) + Suffix(variant) + ".onnx";
        var path = Path.Combine(Directory, "onnx", name);
        if (!File.Exists(path))
        {
            var present = PresentVariants(module);
            var hint = present.Count == 0
                ? $"No variant of {BaseName(module)} is in '{Path.Combine(Directory, "onnx")}'."
                : $"Variants present: {string.Join(", ", present)}.";
            throw new ModelFileMissingException(path,
                $"Model file '{path}' ({module} in variant {variant}) is missing. {hint} " +
                "Download it from the model's Hugging Face repository or choose a variant that is present.");
        }

        return path;
    }

    /// <summary>Variants of a module whose files exist, in enum order.</summary>
    public IReadOnlyList<ModelVariant> PresentVariants(ModelModule module)
    {
        var present = new List<ModelVariant>();
        foreach (var variant in Enum.GetValues<ModelVariant>())
        {
            if (File.Exists(Path.Combine(Directory, "onnx", BaseName(module) + Suffix(variant) + ".onnx")))
            {
                present.Add(variant);
            }
        }

        return present;
    }

    private void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileMissingException(path, string.Format(CultureInfo.InvariantCulture,
                "'{0}' ({1}) is missing from the model folder '{2}'.", Path.GetFileName(path), what, Directory));
        }
    }
}
