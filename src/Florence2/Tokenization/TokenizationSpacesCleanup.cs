namespace Florence2.Tokenization;

/// <summary>
/// Hugging Face's <c>clean_up_tokenization_spaces</c>: removes the space a word-level tokenizer would have put before
/// punctuation and English contractions. Applied to decoded text when the tokenizer configuration enables it.
/// </summary>
internal static class TokenizationSpacesCleanup
{
    // Same replacements, same order as transformers' clean_up_tokenization (order matters: " ' " before " 's").
    private static readonly (string From, string To)[] Replacements =
    [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
        (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ];

    /// <summary>Returns <paramref name="text"/> with the replacements applied in order.</summary>
    public static string Apply(string text)
    {
        // Every pattern starts with a space; text without one is returned as is, without allocating.
        if (!text.Contains(' ', StringComparison.Ordinal))
        {
            return text;
        }

        foreach ((string from, string to) in Replacements)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}
