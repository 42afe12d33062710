using System.Text.Json;
using Florence2.Model;

namespace Florence2.Tokenization;

/// <summary>Opens a JSON file of the model folder, turning malformed JSON into <see cref="ModelConfigException"/>.</summary>
internal static class TokenizerJsonFile
{
    /// <summary>Parses the whole file, as every JSON file of a model folder is parsed; the caller disposes the document.</summary>
    public static JsonDocument Parse(string filePath) => JsonConfigFile.ParseDocument(filePath);

    /// <summary>Gets a required property of an object, or throws naming the file and the key.</summary>
    public static JsonElement GetRequired(JsonElement parent, string name, string keyPath, string filePath, JsonValueKind expectedKind)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out JsonElement value))
        {
            throw new ModelConfigException(filePath, keyPath, "the key is missing.");
        }

        if (value.ValueKind != expectedKind)
        {
            throw new ModelConfigException(filePath, keyPath, $"expected a JSON {expectedKind}, found {value.ValueKind}.");
        }

        return value;
    }

    /// <summary>Reads a token id, which must be a non-negative 32-bit integer.</summary>
    public static int GetTokenId(JsonElement value, string keyPath, string filePath)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int id) || id < 0)
        {
            throw new ModelConfigException(filePath, keyPath, $"expected a non-negative integer token id, found {value}.");
        }

        return id;
    }
}
