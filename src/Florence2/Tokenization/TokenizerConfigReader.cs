using System.Text.Json;

namespace Florence2.Tokenization;

/// <summary>Reads the settings Florence-2 needs from <c>tokenizer_config.json</c>.</summary>
internal static class TokenizerConfigReader
{
    /// <summary>The file's name in a model folder.</summary>
    public const string FileName = "tokenizer_config.json";

    private const string CleanUpKey = "clean_up_tokenization_spaces";

    /// <summary>
    /// <c>clean_up_tokenization_spaces</c>. Microsoft's own config omits the key (and some folders the file), so
    /// transformers' default at the time, <see langword="true"/>, applies then.
    /// </summary>
    public static bool ReadCleanUpTokenizationSpaces(string modelDirectory)
    {
        string filePath = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(filePath))
        {
            return true;
        }

        using JsonDocument document = TokenizerJsonFile.Parse(filePath);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConfigException(filePath, "$", $"expected a JSON Object, found {document.RootElement.ValueKind}.");
        }

        if (!document.RootElement.TryGetProperty(CleanUpKey, out JsonElement value))
        {
            return true;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelConfigException(filePath, CleanUpKey, $"expected true or false, found {value}."),
        };
    }
}
