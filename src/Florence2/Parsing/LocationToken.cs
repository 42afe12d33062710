namespace Florence2.Parsing;

/// <summary>One <c>&lt;loc_N&gt;</c> token found in a text: its bin (clamped to 0..999) and where it is.</summary>
/// <param name="Bin">The bin, clamped to 0..999 (the model cannot emit more, but text can say anything).</param>
/// <param name="Index">Offset of the <c>&lt;</c>.</param>
/// <param name="Length">Length of the whole token.</param>
internal readonly record struct LocationToken(int Bin, int Index, int Length)
{
    private const string Prefix = "<loc_";

    /// <summary>Reads the location token at <paramref name="index"/>, if one starts there: <c>&lt;loc_</c>, one or more ASCII digits, <c>&gt;</c>.</summary>
    public static bool TryRead(string text, int index, out LocationToken token)
    {
        token = default;
        if (!text.AsSpan(index).StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int position = index + Prefix.Length;
        int digitsStart = position;
        int bin = 0;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            // Saturate instead of overflowing: any value past the last bin means the last bin.
            bin = Math.Min((bin * 10) + (text[position] - '0'), LocationBins.Count);
            position++;
        }

        if (position == digitsStart || position >= text.Length || text[position] != '>')
        {
            return false;
        }

        token = new LocationToken(Math.Min(bin, LocationBins.Count - 1), index, position + 1 - index);
        return true;
    }

    /// <summary>Appends the consecutive location tokens starting at <paramref name="index"/> and ending by <paramref name="end"/>.</summary>
    public static void ReadRun(string text, int index, int end, List<LocationToken> tokens)
    {
        while (index < end && TryRead(text, index, out var token) && token.Index + token.Length <= end)
        {
            tokens.Add(token);
            index += token.Length;
        }
    }
}
