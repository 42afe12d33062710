using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Florence2.TestModels;

/// <summary>
/// Writes Florence-2 tokenizer files over <see cref="TestVocabulary"/> (GPT-2's real BPE, BART's layout, Florence-2's
/// added tokens). The vocabulary and merges are computed once per process, so writing many folders is cheap.
/// </summary>
public static class TestTokenizerFiles
{
    /// <summary>Name of the Hugging Face tokenizers file.</summary>
    public const string TokenizerJsonFileName = "tokenizer.json";

    /// <summary>Name of the BPE vocabulary file.</summary>
    public const string VocabJsonFileName = "vocab.json";

    /// <summary>Name of the BPE merges file.</summary>
    public const string MergesTxtFileName = "merges.txt";

    /// <summary>Name of the tokenizer configuration file.</summary>
    public const string TokenizerConfigFileName = "tokenizer_config.json";

    /// <summary>Name of the added-tokens file.</summary>
    public const string AddedTokensFileName = "added_tokens.json";

    /// <summary>Name of the special-tokens map file.</summary>
    public const string SpecialTokensMapFileName = "special_tokens_map.json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,

        // Keeps '<', '>' and non-ASCII characters literal, as Hugging Face writes them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the chosen files into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, TestTokenizerFileSet set = TestTokenizerFileSet.All)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        IReadOnlyList<TestAddedToken> addedTokens = TestAddedToken.List(includeFlorenceTokens: !set.HasFlag(TestTokenizerFileSet.WithoutFlorenceTokens));

        if (set.HasFlag(TestTokenizerFileSet.TokenizerJson))
        {
            WriteJson(directory, TokenizerJsonFileName, writer => TokenizerJsonContent.Write(writer, addedTokens, set.HasFlag(TestTokenizerFileSet.MergesAsPairs)));
        }

        if (set.HasFlag(TestTokenizerFileSet.VocabJson))
        {
            WriteJson(directory, VocabJsonFileName, WriteVocabulary);
        }

        if (set.HasFlag(TestTokenizerFileSet.MergesTxt))
        {
            WriteMerges(Path.Combine(directory, MergesTxtFileName));
        }

        if (set.HasFlag(TestTokenizerFileSet.TokenizerConfig))
        {
            WriteJson(directory, TokenizerConfigFileName, writer => WriteTokenizerConfig(writer, addedTokens));
        }

        if (set.HasFlag(TestTokenizerFileSet.AddedTokensJson))
        {
            WriteJson(directory, AddedTokensFileName, writer => WriteAddedTokens(writer, addedTokens));
        }

        if (set.HasFlag(TestTokenizerFileSet.SpecialTokensMap))
        {
            WriteJson(directory, SpecialTokensMapFileName, writer => WriteSpecialTokensMap(writer, addedTokens));
        }
    }

    /// <summary>Writes the BPE model vocabulary as a JSON object <c>token → id</c>.</summary>
    internal static void WriteVocabulary(Utf8JsonWriter writer)
    {
        IReadOnlyList<string> vocabulary = TestVocabulary.BaseVocabulary;
        writer.WriteStartObject();
        for (int id = 0; id < vocabulary.Count; id++)
        {
            writer.WriteNumber(vocabulary[id], id);
        }

        writer.WriteEndObject();
    }

    private static void WriteJson(string directory, string fileName, Action<Utf8JsonWriter> write)
    {
        using var stream = new FileStream(Path.Combine(directory, fileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        write(writer);
    }

    private static void WriteMerges(string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        writer.Write("#version: 0.2\n");
        foreach (string merge in TestVocabulary.Merges)
        {
            writer.Write(merge);
            writer.Write('\n');
        }
    }

    private static void WriteTokenizerConfig(Utf8JsonWriter writer, IReadOnlyList<TestAddedToken> addedTokens)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("add_prefix_space", false);
        writer.WriteStartObject("added_tokens_decoder");
        foreach (TestAddedToken token in addedTokens)
        {
            writer.WriteStartObject(token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            token.WriteFlags(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteString("bos_token", "<s>");
        writer.WriteBoolean("clean_up_tokenization_spaces", true);
        writer.WriteString("cls_token", "<s>");
        writer.WriteString("eos_token", "</s>");
        writer.WriteString("errors", "replace");
        writer.WriteString("mask_token", "<mask>");
        writer.WriteNumber("model_max_length", 1024);
        writer.WriteString("pad_token", "<pad>");
        writer.WriteString("sep_token", "</s>");
        writer.WriteString("tokenizer_class", "BartTokenizer");
        writer.WriteBoolean("trim_offsets", true);
        writer.WriteString("unk_token", "<unk>");
        writer.WriteEndObject();
    }

    private static void WriteAddedTokens(Utf8JsonWriter writer, IReadOnlyList<TestAddedToken> addedTokens)
    {
        // Hugging Face lists here only the tokens that the model vocabulary lacks.
        writer.WriteStartObject();
        foreach (TestAddedToken token in addedTokens)
        {
            if (token.Id >= TestVocabulary.BaseVocabularySize)
            {
                writer.WriteNumber(token.Content, token.Id);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteSpecialTokensMap(Utf8JsonWriter writer, IReadOnlyList<TestAddedToken> addedTokens)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("additional_special_tokens");
        foreach (TestAddedToken token in addedTokens)
        {
            if (token.Id >= TestVocabulary.BaseVocabularySize)
            {
                writer.WriteStringValue(token.Content);
            }
        }

        writer.WriteEndArray();
        writer.WriteString("bos_token", "<s>");
        writer.WriteString("cls_token", "<s>");
        writer.WriteString("eos_token", "</s>");
        writer.WriteStartObject("mask_token");
        TestAddedToken.Mask.WriteFlags(writer);
        writer.WriteEndObject();
        writer.WriteString("pad_token", "<pad>");
        writer.WriteString("sep_token", "</s>");
        writer.WriteString("unk_token", "<unk>");
        writer.WriteEndObject();
    }
}
