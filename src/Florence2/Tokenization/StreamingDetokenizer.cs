using System.Text;

namespace Florence2.Tokenization;

/// <summary>
/// Turns a growing token sequence into append-only text pieces: the decoded answer without <c>&lt;s&gt;</c>,
/// <c>&lt;/s&gt;</c> and <c>&lt;pad&gt;</c>, with the tokenizer's space clean-up. A piece is released only when
/// later tokens cannot change it: a trailing half character, or a trailing space that the clean-up might still
/// remove (<c>" ."</c>, <c>" n't"</c>, …), waits for the next token. Not thread-safe; one per stream.
/// </summary>
/// <remarks>
/// Each token costs time proportional to the text since the last <em>safe cut</em>, not to the whole answer: a cut
/// between two characters that no marker or clean-up pattern can join (neither is a space or a marker character, and
/// the pair occurs in no pattern) splits the text into parts whose visible forms simply concatenate, so the
/// part before the last cut never needs to be looked at again.
/// </remarks>
internal sealed class StreamingDetokenizer
{
    // The clean-up patterns; text ending in a proper prefix of one of them is held back.
    private static readonly string[] CleanUpPatterns = [" .", " ?", " !", " ,", " ' ", " n't", " 'm", " 's", " 've", " 're"];
    private static readonly string[] Markers = ["<s>", "</s>", "<pad>"];

    private readonly FlorenceTokenizer _tokenizer;
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();

    // Raw decoded text (markers kept, no clean-up) from the last safe cut on; a partial character waits in _utf8.
    private readonly StringBuilder _raw = new();

    // How much of the visible form of _raw has been released.
    private int _released;

    public StreamingDetokenizer(FlorenceTokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>Adds a token and returns the text that became final (often empty).</summary>
    public string Append(int tokenId)
    {
        _tokenizer.AppendToken(tokenId, _utf8, _raw);
        var text = Visible(_raw.ToString());
        var piece = Release(text, text.Length - HeldBack(text));
        MoveToLastCut();
        return piece;
    }

    /// <summary>Returns the rest of the text once generation has ended.</summary>
    public string Finish()
    {
        FlorenceTokenizer.Flush(_utf8, _raw);
        var text = Visible(_raw.ToString());
        return Release(text, text.Length);
    }

    private string Release(string text, int upTo)
    {
        if (upTo <= _released)
        {
            return string.Empty;
        }

        var piece = text[_released..upTo];
        _released = upTo;
        return piece;
    }

    /// <summary>Drops the raw text before the last safe cut once its visible form has been released.</summary>
    private void MoveToLastCut()
    {
        for (int cut = _raw.Length - 1; cut > 0; cut--)
        {
            if (!IsSafeCut(_raw[cut - 1], _raw[cut]))
            {
                continue;
            }

            int before = Visible(_raw.ToString(0, cut)).Length;
            if (before <= _released)
            {
                _raw.Remove(0, cut);
                _released -= before;
            }

            return;
        }
    }

    /// <summary>
    /// Whether nothing can join <paramref name="left"/> and <paramref name="right"/>: neither is removed by marker
    /// removal or clean-up (so they stay neighbours), and no clean-up pattern contains them as a pair.
    /// </summary>
    private static bool IsSafeCut(char left, char right)
    {
        if (IsRemovable(left) || IsRemovable(right))
        {
            return false;
        }

        Span<char> pair = [left, right];
        foreach (var pattern in CleanUpPatterns)
        {
            if (pattern.AsSpan().IndexOf(pair, StringComparison.Ordinal) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    // Spaces are what the clean-up removes; these characters make up the markers.
    private static bool IsRemovable(char c) => c is ' ' or '<' or '>' or '/' or 's' or 'p' or 'a' or 'd';

    private string Visible(string raw)
    {
        foreach (var marker in Markers)
        {
            raw = raw.Replace(marker, string.Empty, StringComparison.Ordinal);
        }

        return _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(raw) : raw;
    }

    private int HeldBack(string text)
    {
        if (!_tokenizer.CleanUpTokenizationSpaces)
        {
            return 0;
        }

        var longest = 0;
        foreach (var pattern in CleanUpPatterns)
        {
            for (var length = Math.Min(pattern.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan().EndsWith(pattern.AsSpan(0, length), StringComparison.Ordinal))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
