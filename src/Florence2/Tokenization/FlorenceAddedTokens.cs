using System.Globalization;

namespace Florence2.Tokenization;

/// <summary>
/// Token names Florence-2 relies on: BART's specials and the 1,024 tokens Florence-2's processor adds at run time
/// (<c>&lt;od&gt;</c> … <c>&lt;and&gt;</c>, ids 50265 to 51288 in the released models).
/// </summary>
internal static class FlorenceAddedTokens
{
    /// <summary>Beginning of a sequence (BART <c>bos</c>/<c>cls</c>).</summary>
    public const string Bos = "<s>";

    /// <summary>Padding.</summary>
    public const string Pad = "<pad>";

    /// <summary>End of a sequence (BART <c>eos</c>/<c>sep</c>).</summary>
    public const string Eos = "</s>";

    /// <summary>Unknown token.</summary>
    public const string Unknown = "<unk>";

    /// <summary>Mask token (unused by Florence-2 but present in the vocabulary).</summary>
    public const string Mask = "<mask>";

    /// <summary>Number of location bins, <c>&lt;loc_0&gt;</c> to <c>&lt;loc_999&gt;</c>.</summary>
    public const int LocationBinCount = 1000;

    /// <summary>BART's specials, matched atomically when a vocabulary holds them.</summary>
    public static IReadOnlyList<string> BartSpecialTokens { get; } = [Bos, Pad, Eos, Unknown, Mask];

    /// <summary>The 1,024 Florence tokens in the order the processor adds them (this order gives their ids).</summary>
    public static IReadOnlyList<string> FlorenceTokens { get; } = BuildFlorenceTokens();

    private static string[] BuildFlorenceTokens()
    {
        var tokens = new List<string>(1024) { "<od>", "</od>", "<ocr>", "</ocr>" };
        for (int bin = 0; bin < LocationBinCount; bin++)
        {
            tokens.Add(string.Create(CultureInfo.InvariantCulture, $"<loc_{bin}>"));
        }

        // "desciption" is Florence-2's own spelling; the released ids depend on it.
        tokens.AddRange(
        [
            "<cap>", "</cap>", "<ncap>", "</ncap>", "<dcap>", "</dcap>", "<grounding>", "</grounding>", "<seg>", "</seg>",
            "<sep>", "<region_cap>", "</region_cap>", "<region_to_desciption>", "</region_to_desciption>",
            "<proposal>", "</proposal>", "<poly>", "</poly>", "<and>",
        ]);
        return tokens.ToArray();
    }
}
