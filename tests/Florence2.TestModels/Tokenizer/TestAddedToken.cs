using System.Text.Json;

namespace Florence2.TestModels;

/// <summary>One entry of a tokenizer's added tokens, with the flags Hugging Face stores for it.</summary>
internal sealed record TestAddedToken(int Id, string Content, bool LeftStrip)
{
    /// <summary>BART's <c>&lt;mask&gt;</c> swallows the space before it.</summary>
    public static TestAddedToken Mask { get; } = new(TestVocabulary.MaskTokenId, "<mask>", LeftStrip: true);

    /// <summary>The five BART specials in id order, then (optionally) the 1,024 Florence tokens.</summary>
    public static IReadOnlyList<TestAddedToken> List(bool includeFlorenceTokens)
    {
        var tokens = new List<TestAddedToken>();
        foreach ((string token, int id) in TestVocabulary.SpecialTokensWithIds())
        {
            tokens.Add(id == Mask.Id ? Mask : new TestAddedToken(id, token, LeftStrip: false));
        }

        if (includeFlorenceTokens)
        {
            IReadOnlyList<string> florence = TestVocabulary.FlorenceTokens;
            for (int i = 0; i < florence.Count; i++)
            {
                tokens.Add(new TestAddedToken(TestVocabulary.FirstFlorenceTokenId + i, florence[i], LeftStrip: false));
            }
        }

        return tokens;
    }

    /// <summary>Writes <c>content</c> and the flags as properties of the current JSON object.</summary>
    public void WriteFlags(Utf8JsonWriter writer)
    {
        writer.WriteString("content", Content);
        writer.WriteBoolean("lstrip", LeftStrip);
        writer.WriteBoolean("normalized", false);
        writer.WriteBoolean("rstrip", false);
        writer.WriteBoolean("single_word", false);
        writer.WriteBoolean("special", true);
    }
}
