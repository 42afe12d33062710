using System.Text.Json;

namespace Florence2.TestModels;

/// <summary>The content of a Hugging Face <c>tokenizer.json</c> for a BART/Florence-2 byte-level BPE tokenizer.</summary>
internal static class TokenizerJsonContent
{
    /// <summary>Writes the whole file as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<TestAddedToken> addedTokens, bool mergesAsPairs)
    {
        writer.WriteStartObject();
        writer.WriteString("version", "1.0");
        writer.WriteNull("truncation");
        writer.WriteNull("padding");

        writer.WriteStartArray("added_tokens");
        foreach (TestAddedToken token in addedTokens)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", token.Id);
            writer.WriteString("content", token.Content);
            writer.WriteBoolean("single_word", false);
            writer.WriteBoolean("lstrip", token.LeftStrip);
            writer.WriteBoolean("rstrip", false);
            writer.WriteBoolean("normalized", false);
            writer.WriteBoolean("special", true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNull("normalizer");

        writer.WriteStartObject("pre_tokenizer");
        WriteByteLevelSettings(writer, addPrefixSpace: false);
        writer.WriteEndObject();

        writer.WriteStartObject("post_processor");
        writer.WriteString("type", "RobertaProcessing");
        WriteTokenAndId(writer, "sep", "</s>", TestVocabulary.EosTokenId);
        WriteTokenAndId(writer, "cls", "<s>", TestVocabulary.BosTokenId);
        writer.WriteBoolean("trim_offsets", true);
        writer.WriteBoolean("add_prefix_space", false);
        writer.WriteEndObject();

        writer.WriteStartObject("decoder");
        WriteByteLevelSettings(writer, addPrefixSpace: true);
        writer.WriteEndObject();

        writer.WriteStartObject("model");
        writer.WriteString("type", "BPE");
        writer.WriteNull("dropout");
        writer.WriteNull("unk_token");
        writer.WriteString("continuing_subword_prefix", "");
        writer.WriteString("end_of_word_suffix", "");
        writer.WriteBoolean("fuse_unk", false);
        writer.WriteBoolean("byte_fallback", false);
        writer.WritePropertyName("vocab");
        TestTokenizerFiles.WriteVocabulary(writer);
        WriteMerges(writer, mergesAsPairs);
        writer.WriteEndObject();

        writer.WriteEndObject();
    }

    private static void WriteByteLevelSettings(Utf8JsonWriter writer, bool addPrefixSpace)
    {
        writer.WriteString("type", "ByteLevel");
        writer.WriteBoolean("add_prefix_space", addPrefixSpace);
        writer.WriteBoolean("trim_offsets", true);
        writer.WriteBoolean("use_regex", true);
    }

    private static void WriteTokenAndId(Utf8JsonWriter writer, string name, string token, int id)
    {
        writer.WriteStartArray(name);
        writer.WriteStringValue(token);
        writer.WriteNumberValue(id);
        writer.WriteEndArray();
    }

    private static void WriteMerges(Utf8JsonWriter writer, bool asPairs)
    {
        writer.WriteStartArray("merges");
        foreach (string merge in TestVocabulary.Merges)
        {
            if (asPairs)
            {
                int space = merge.IndexOf(' ', StringComparison.Ordinal);
                writer.WriteStartArray();
                writer.WriteStringValue(merge.AsSpan(0, space));
                writer.WriteStringValue(merge.AsSpan(space + 1));
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStringValue(merge);
            }
        }

        writer.WriteEndArray();
    }
}
