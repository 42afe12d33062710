using System.Text.Json;
using Florence2.Model;

namespace Florence2.Tokenization;

/// <summary>
/// Reads the slow-tokenizer files: <c>vocab.json</c> and <c>merges.txt</c>, plus <c>added_tokens.json</c> when present.
/// BART's specials are taken from the vocabulary.
/// </summary>
internal static class VocabAndMergesReader
{
    /// <summary>Name of the vocabulary file.</summary>
    public const string VocabFileName = "vocab.json";

    /// <summary>Name of the merges file.</summary>
    public const string MergesFileName = "merges.txt";

    /// <summary>Name of the optional added-tokens file.</summary>
    public const string AddedTokensFileName = "added_tokens.json";

    private const string VersionHeader = "#version";

    /// <summary>Reads the files of <paramref name="modelDirectory"/> (both required files must exist).</summary>
    public static TokenizerDefinition Read(string modelDirectory)
    {
        var definition = new TokenizerDefinition();
        string vocabPath = Path.Combine(modelDirectory, VocabFileName);
        using (JsonDocument vocab = TokenizerJsonFile.Parse(vocabPath))
        {
            if (vocab.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelConfigException(vocabPath, "$", $"expected a JSON Object token → id, found {vocab.RootElement.ValueKind}.");
            }

            foreach (JsonProperty entry in vocab.RootElement.EnumerateObject())
            {
                definition.AddVocabularyEntry(entry.Name, TokenizerJsonFile.GetTokenId(entry.Value, entry.Name, vocabPath), vocabPath, entry.Name);
            }
        }

        ReadMerges(Path.Combine(modelDirectory, MergesFileName), definition);
        definition.AddBartSpecialsFromVocabulary(vocabPath, "$");

        string addedTokensPath = Path.Combine(modelDirectory, AddedTokensFileName);
        if (ModelFile.Exists(addedTokensPath))
        {
            ReadAddedTokens(addedTokensPath, definition);
        }

        return definition;
    }

    private static void ReadMerges(string mergesPath, TokenizerDefinition definition)
    {
        int lineNumber = 0;
        using var reader = new StreamReader(new MemoryStream(ModelFile.ReadSmall(mergesPath, "the BPE merges")), System.Text.Encoding.UTF8,
            detectEncodingFromByteOrderMarks: true);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith(VersionHeader, StringComparison.Ordinal)))
            {
                continue;
            }

            definition.Merges.Add(BpeMerge.FromLine(line, mergesPath, $"line {lineNumber}"));
        }
    }

    private static void ReadAddedTokens(string addedTokensPath, TokenizerDefinition definition)
    {
        using JsonDocument added = TokenizerJsonFile.Parse(addedTokensPath);
        if (added.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConfigException(addedTokensPath, "$", $"expected a JSON Object token → id, found {added.RootElement.ValueKind}.");
        }

        foreach (JsonProperty entry in added.RootElement.EnumerateObject())
        {
            definition.AddAddedToken(entry.Name, TokenizerJsonFile.GetTokenId(entry.Value, entry.Name, addedTokensPath), addedTokensPath, entry.Name);
        }
    }
}
