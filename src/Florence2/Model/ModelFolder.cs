using System.Globalization;

namespace Florence2.Model;

/// <summary>
/// The files of a model folder in the onnx-community layout: <c>onnx/*.onnx</c> next to the json and tokenizer
/// files. Resolves variant file names and fails early, naming the file, when something is missing.
/// </summary>
internal sealed class ModelFolder
{
    private ModelFolder(string directory) => Directory = directory;

    public string Directory { get; }

    public string ConfigPath => PathOf(ModelFiles.Config);

    public string GenerationConfigPath => PathOf(ModelFiles.GenerationConfig);

    public string PreprocessorConfigPath => PathOf(ModelFiles.PreprocessorConfig);

    /// <summary>Full path of a file given relative to the folder with '/' separators.</summary>
    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar));

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

    /// <summary>Path of the ONNX file of a module in a variant; throws when the file is not there.</summary>
    public string OnnxPath(ModelModule module, ModelVariant variant)
    {
        var path = PathOf(ModelFiles.Onnx(module, variant));
        if (!ModelFile.Exists(path))
        {
            var present = PresentVariants(module);
            var hint = present.Count == 0
                ? $"No variant of {ModelFiles.BaseName(module)} is in '{PathOf(ModelFiles.OnnxFolder)}'."
                : $"Variants present: {string.Join(", ", present)}.";
            throw new ModelFileMissingException(path,
                $"Model file '{path}' ({module} in variant {variant}) is missing. {hint} " +
                "Download it from the model's Hugging Face repository or choose a variant that is present.");
        }

        ModelFile.Require(path, $"{module} in variant {variant}");
        return path;
    }

    /// <summary>
    /// Checks the ONNX file of every module in its chosen variant, so that a missing or empty file is named before any
    /// session is opened (opening and probing the vision encoder takes seconds on a real model).
    /// </summary>
    /// <exception cref="ModelFileMissingException">A module's file is missing, empty or a broken link.</exception>
    public void RequireModules(ModelVariants variants)
    {
        foreach (var module in Enum.GetValues<ModelModule>())
        {
            OnnxPath(module, variants.Of(module));
        }
    }

    /// <summary>Variants of a module whose files exist, in enum order.</summary>
    public IReadOnlyList<ModelVariant> PresentVariants(ModelModule module)
    {
        var present = new List<ModelVariant>();
        foreach (var variant in Enum.GetValues<ModelVariant>())
        {
            if (ModelFile.Exists(PathOf(ModelFiles.Onnx(module, variant))))
            {
                present.Add(variant);
            }
        }

        return present;
    }

    private void RequireFile(string path, string what)
    {
        if (!ModelFile.Exists(path))
        {
            throw new ModelFileMissingException(path, string.Format(CultureInfo.InvariantCulture,
                "'{0}' ({1}) is missing from the model folder '{2}'.", Path.GetFileName(path), what, Directory));
        }

        ModelFile.Require(path, what);
    }
}
