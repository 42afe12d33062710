using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace Florence2.TestModels;

/// <summary>
/// The BART-shaped test vocabulary written by <see cref="TestTokenizerFiles"/>: the four BART specials, GPT-2's
/// tokens shifted by <see cref="Gpt2IdOffset"/>, three fillers, <c>&lt;mask&gt;</c> and Florence-2's 1,024 added
/// tokens at their real ids. Real Florence-2 ids differ for ordinary words (RoBERTa reorders GPT-2's vocabulary), but
/// every special and Florence token id is the real one.
/// </summary>
public static class TestVocabulary
{
    /// <summary>Ids in the vocabulary, added tokens included (= Florence-2's <c>vocab_size</c>).</summary>
    public const int VocabularySize = 51289;

    /// <summary>Entries of the BPE model vocabulary (ids 0 to 50264); the Florence tokens come after.</summary>
    public const int BaseVocabularySize = 50265;

    /// <summary><c>&lt;s&gt;</c>, the beginning of a sequence.</summary>
    public const int BosTokenId = 0;

    /// <summary><c>&lt;pad&gt;</c>.</summary>
    public const int PadTokenId = 1;

    /// <summary><c>&lt;/s&gt;</c>, the end of a sequence.</summary>
    public const int EosTokenId = 2;

    /// <summary><c>&lt;unk&gt;</c>.</summary>
    public const int UnknownTokenId = 3;

    /// <summary>Added to a GPT-2 id to get its id here.</summary>
    public const int Gpt2IdOffset = 4;

    /// <summary>GPT-2's <c>&lt;|endoftext|&gt;</c>, an ordinary vocabulary entry here (not an added token).</summary>
    public const int EndOfTextTokenId = 50260;

    /// <summary>The first of the filler entries <c>&lt;unused_0&gt;</c> to <c>&lt;unused_2&gt;</c>.</summary>
    public const int FirstFillerTokenId = 50261;

    /// <summary><c>&lt;mask&gt;</c>.</summary>
    public const int MaskTokenId = 50264;

    /// <summary><c>&lt;od&gt;</c>, the first Florence token.</summary>
    public const int FirstFlorenceTokenId = 50265;

    /// <summary><c>&lt;loc_0&gt;</c>.</summary>
    public const int FirstLocationTokenId = 50269;

    /// <summary>Number of location bins (<c>&lt;loc_0&gt;</c> to <c>&lt;loc_999&gt;</c>).</summary>
    public const int LocationBinCount = 1000;

    private const string EndOfTextToken = "<|endoftext|>";

    private static readonly Lazy<Gpt2BpeData> Gpt2 = new(Gpt2BpeData.Load);
    private static readonly Lazy<string[]> BaseTokens = new(BuildBaseTokens);
    private static readonly Lazy<TiktokenTokenizer> Gpt2Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt2"));
    private static readonly string[] FlorenceTokenList = BuildFlorenceTokens();
    private static readonly Dictionary<string, int> AddedTokenIds = BuildAddedTokenIds();

    /// <summary>Florence-2's 1,024 added tokens in id order, from <see cref="FirstFlorenceTokenId"/> on.</summary>
    public static IReadOnlyList<string> FlorenceTokens => FlorenceTokenList;

    /// <summary>The id of <c>&lt;loc_<paramref name="bin"/>&gt;</c>.</summary>
    public static int LocationTokenId(int bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, LocationBinCount);
        return FirstLocationTokenId + bin;
    }

    /// <summary>
    /// Ids of <paramref name="text"/> in this vocabulary, without <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>, computed without
    /// the library: added tokens are cut out by exact match, every other piece is encoded by Microsoft.ML.Tokenizers'
    /// GPT-2 tiktoken tokenizer and shifted by <see cref="Gpt2IdOffset"/>. Meant as a test oracle.
    /// </summary>
    /// <exception cref="ArgumentException">The text holds <c>&lt;|endoftext|&gt;</c>, which tiktoken treats as special but this vocabulary does not.</exception>
    public static int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains(EndOfTextToken, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The oracle cannot encode '{EndOfTextToken}' the way the test vocabulary does.", nameof(text));
        }

        var ids = new List<int>();
        int pieceStart = 0;
        int searchFrom = 0;
        while (searchFrom < text.Length)
        {
            // Every added token is "<...>" without another '>' inside, so a candidate ends at the first '>'.
            int open = text.IndexOf('<', searchFrom);
            if (open < 0)
            {
                break;
            }

            int close = text.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            string candidate = text.Substring(open, close - open + 1);
            if (AddedTokenIds.TryGetValue(candidate, out int addedId))
            {
                AddGpt2Ids(text[pieceStart..open], ids);
                ids.Add(addedId);
                pieceStart = close + 1;
                searchFrom = close + 1;
            }
            else
            {
                searchFrom = open + 1;
            }
        }

        AddGpt2Ids(text[pieceStart..], ids);
        return ids.ToArray();
    }

    /// <summary>The five BART special tokens with their ids.</summary>
    internal static IEnumerable<(string Token, int Id)> SpecialTokensWithIds()
    {
        yield return ("<s>", BosTokenId);
        yield return ("<pad>", PadTokenId);
        yield return ("</s>", EosTokenId);
        yield return ("<unk>", UnknownTokenId);
        yield return ("<mask>", MaskTokenId);
    }

    /// <summary>Byte-level strings of the BPE model vocabulary, index = id (0 to 50264).</summary>
    internal static IReadOnlyList<string> BaseVocabulary => BaseTokens.Value;

    /// <summary>GPT-2's 50,000 merges as <c>"left right"</c>, highest priority first.</summary>
    internal static IReadOnlyList<string> Merges => Gpt2.Value.Merges;

    private static Dictionary<string, int> BuildAddedTokenIds()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string token, int id) in SpecialTokensWithIds())
        {
            ids.Add(token, id);
        }

        for (int i = 0; i < FlorenceTokenList.Length; i++)
        {
            ids.Add(FlorenceTokenList[i], FirstFlorenceTokenId + i);
        }

        return ids;
    }

    private static void AddGpt2Ids(string piece, List<int> ids)
    {
        if (piece.Length == 0)
        {
            return;
        }

        foreach (int gpt2Id in Gpt2Tokenizer.Value.EncodeToIds(piece))
        {
            ids.Add(gpt2Id + Gpt2IdOffset);
        }
    }

    private static string[] BuildBaseTokens()
    {
        IReadOnlyList<string> gpt2 = Gpt2.Value.TokensByRank;
        var tokens = new string[BaseVocabularySize];
        foreach ((string token, int id) in SpecialTokensWithIds())
        {
            tokens[id] = token;
        }

        for (int rank = 0; rank < gpt2.Count; rank++)
        {
            tokens[rank + Gpt2IdOffset] = gpt2[rank];
        }

        tokens[EndOfTextTokenId] = EndOfTextToken;
        for (int id = FirstFillerTokenId; id < MaskTokenId; id++)
        {
            tokens[id] = string.Create(CultureInfo.InvariantCulture, $"<unused_{id - FirstFillerTokenId}>");
        }

        return tokens;
    }

    private static string[] BuildFlorenceTokens()
    {
        var tokens = new List<string>(1024) { "<od>", "</od>", "<ocr>", "</ocr>" };
        for (int bin = 0; bin < LocationBinCount; bin++)
        {
            tokens.Add(string.Create(CultureInfo.InvariantCulture, $"<loc_{bin}>"));
        }

        // Florence-2's spelling "desciption" is kept: the ids are what matter.
        tokens.AddRange(
        [
            "<cap>", "</cap>", "<ncap>", "</ncap>", "<dcap>", "</dcap>", "<grounding>", "</grounding>", "<seg>", "</seg>",
            "<sep>", "<region_cap>", "</region_cap>", "<region_to_desciption>", "</region_to_desciption>",
            "<proposal>", "</proposal>", "<poly>", "</poly>", "<and>",
        ]);
        return tokens.ToArray();
    }
}
