using System.Globalization;

namespace Florence2.Tokenization;

/// <summary>
/// Refuses text with a UTF-16 surrogate that has no partner. Such text has no UTF-8 form: encoding it would
/// silently put U+FFFD in its place, and Python's tokenizers refuse it ("surrogates not allowed").
/// </summary>
internal static class UnpairedSurrogates
{
    /// <exception cref="InvalidPromptTextException">The first lone surrogate, with its index.</exception>
    public static void ThrowIfAny(string text, string paramName)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                string escaped = string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                throw new InvalidPromptTextException(
                    $"The text has an unpaired UTF-16 surrogate {escaped} at index {i}; it is not a character and has no UTF-8 form. "
                    + "Pass well-formed text (a high surrogate must be followed by a low one).", paramName, escaped, i);
            }
        }
    }
}
