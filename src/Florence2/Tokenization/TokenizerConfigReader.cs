using Florence2.Model;

namespace Florence2.Tokenization;

/// <summary>Reads the settings Florence-2 needs from <c>tokenizer_config.json</c>.</summary>
internal static class TokenizerConfigReader
{
    /// <summary>The file's name in a model folder.</summary>
    public const string FileName = ModelFiles.TokenizerConfig;

    private const string CleanUpKey = "clean_up_tokenization_spaces";

    /// <summary>
    /// <c>clean_up_tokenization_spaces</c>. Microsoft's own config omits the key (and some folders the file), so
    /// transformers' default at the time, <see langword="true"/>, applies then.
    /// </summary>
    public static bool ReadCleanUpTokenizationSpaces(string modelDirectory) =>
        JsonConfigFile.LoadOptional(Path.Combine(modelDirectory, FileName))?.GetBool(CleanUpKey, defaultValue: true) ?? true;
}
