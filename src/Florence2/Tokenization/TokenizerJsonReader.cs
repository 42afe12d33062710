using System.Text.Json;

namespace Florence2.Tokenization;

/// <summary>Reads a Hugging Face <c>tokenizer.json</c> holding a BPE model: <c>model.vocab</c>, <c>model.merges</c>, <c>added_tokens</c>.</summary>
internal static class TokenizerJsonReader
{
    /// <summary>The file's name in a model folder.</summary>
    public const string FileName = "tokenizer.json";

    /// <summary>Reads the file into a definition (Florence tokens not yet completed).</summary>
    public static TokenizerDefinition Read(string filePath)
    {
        using JsonDocument document = TokenizerJsonFile.Parse(filePath);
        JsonElement root = document.RootElement;
        JsonElement model = TokenizerJsonFile.GetRequired(root, "model", "model", filePath, JsonValueKind.Object);
        if (model.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String && type.GetString() != "BPE")
        {
            throw new ModelConfigException(filePath, "model.type", $"expected a BPE model, found '{type.GetString()}'.");
        }

        var definition = new TokenizerDefinition();
        ReadVocabulary(TokenizerJsonFile.GetRequired(model, "vocab", "model.vocab", filePath, JsonValueKind.Object), definition, filePath);
        ReadMerges(TokenizerJsonFile.GetRequired(model, "merges", "model.merges", filePath, JsonValueKind.Array), definition, filePath);

        // Older or hand-made files may omit added_tokens; BART's specials are then taken from the vocabulary.
        if (root.TryGetProperty("added_tokens", out JsonElement addedTokens))
        {
            ReadAddedTokens(addedTokens, definition, filePath);
        }

        definition.AddBartSpecialsFromVocabulary(filePath, "model.vocab");
        return definition;
    }

    private static void ReadVocabulary(JsonElement vocabulary, TokenizerDefinition definition, string filePath)
    {
        foreach (JsonProperty entry in vocabulary.EnumerateObject())
        {
            int id = TokenizerJsonFile.GetTokenId(entry.Value, "model.vocab", filePath);
            definition.AddVocabularyEntry(entry.Name, id, filePath, "model.vocab");
        }
    }

    private static void ReadMerges(JsonElement merges, TokenizerDefinition definition, string filePath)
    {
        foreach (JsonElement merge in merges.EnumerateArray())
        {
            definition.Merges.Add(merge.ValueKind switch
            {
                JsonValueKind.String => BpeMerge.FromLine(merge.GetString()!, filePath, "model.merges"),
                JsonValueKind.Array => FromPair(merge, filePath),
                _ => throw new ModelConfigException(filePath, "model.merges", $"expected \"left right\" or [\"left\", \"right\"], found {merge.ValueKind}."),
            });
        }
    }

    // Newer tokenizers versions store a merge as a two-string array.
    private static string FromPair(JsonElement pair, string filePath)
    {
        if (pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String)
        {
            throw new ModelConfigException(filePath, "model.merges", $"expected a pair of two strings, found {pair}.");
        }

        return BpeMerge.FromPair(pair[0].GetString()!, pair[1].GetString()!, filePath, "model.merges");
    }

    private static void ReadAddedTokens(JsonElement addedTokens, TokenizerDefinition definition, string filePath)
    {
        if (addedTokens.ValueKind != JsonValueKind.Array)
        {
            throw new ModelConfigException(filePath, "added_tokens", $"expected a JSON Array, found {addedTokens.ValueKind}.");
        }

        foreach (JsonElement token in addedTokens.EnumerateArray())
        {
            JsonElement content = TokenizerJsonFile.GetRequired(token, "content", "added_tokens[].content", filePath, JsonValueKind.String);
            JsonElement id = TokenizerJsonFile.GetRequired(token, "id", "added_tokens[].id", filePath, JsonValueKind.Number);
            definition.AddAddedToken(content.GetString()!, TokenizerJsonFile.GetTokenId(id, "added_tokens[].id", filePath), filePath, "added_tokens");
        }
    }
}
