using System.Text.Json;

namespace Florence2.Model;

/// <summary>
/// Read access to one JSON configuration file of a model folder with errors that name the file and the key. Keys
/// are dotted paths (<c>text_config.d_model</c>). Every JSON file of a model folder is parsed here
/// (<see cref="ParseDocument"/>), with the same options: trailing commas and comments are accepted, as Python's
/// loaders of these files accept them.
/// </summary>
internal sealed class JsonConfigFile
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly JsonElement _root;

    private JsonConfigFile(string path, JsonElement root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    public static JsonConfigFile Load(string path)
    {
        using var document = ParseDocument(path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConfigException(path, "$", $"expected a JSON object at the top level, found {document.RootElement.ValueKind}.");
        }

        return new JsonConfigFile(path, document.RootElement.Clone());
    }

    /// <summary>Parses a whole JSON file of the model folder (a regular file of bounded size); the caller disposes the document.</summary>
    /// <exception cref="ModelFileMissingException">The file is missing, empty, a broken link, a pipe or a device.</exception>
    /// <exception cref="ModelLoadException">The file is larger than a json file of a model may be.</exception>
    /// <exception cref="ModelConfigException">The file is not valid JSON.</exception>
    public static JsonDocument ParseDocument(string path)
    {
        var bytes = ModelFile.ReadSmall(path, "a json file of the model");
        try
        {
            return JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ModelConfigException(path, e.Path ?? "$", $"is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Loads the file when it exists; a missing optional file gives null.</summary>
    public static JsonConfigFile? LoadOptional(string path) => ModelFile.Exists(path) ? Load(path) : null;

    public bool Has(string key) => TryFind(key, out var value) && value.ValueKind != JsonValueKind.Null;

    public int GetInt(string key, int? defaultValue = null, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryFind(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue ?? throw new ModelConfigException(Path, key, "is required but missing.");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw new ModelConfigException(Path, key, $"expected an integer, found {Describe(value)}.");
        }

        if (number < min || number > max)
        {
            throw new ModelConfigException(Path, key, $"expected a value in [{min}, {max}], found {number}.");
        }

        return number;
    }

    public double GetDouble(string key, double defaultValue)
    {
        if (!TryFind(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new ModelConfigException(Path, key, $"expected a number, found {Describe(value)}.");
        }

        return value.GetDouble();
    }

    public bool GetBool(string key, bool defaultValue)
    {
        if (!TryFind(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelConfigException(Path, key, $"expected true or false, found {Describe(value)}."),
        };
    }

    /// <summary>Returns the raw element (for values that may be of several kinds, such as early_stopping).</summary>
    public bool TryGet(string key, out JsonElement value) => TryFind(key, out value) && value.ValueKind != JsonValueKind.Null;

    private bool TryFind(string key, out JsonElement value)
    {
        value = _root;
        foreach (var part in key.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
