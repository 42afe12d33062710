namespace Florence2.Tokenization;

/// <summary>
/// Turns a growing token sequence into append-only text pieces: the decoded answer without <c>&lt;s&gt;</c>,
/// <c>&lt;/s&gt;</c> and <c>&lt;pad&gt;</c>, with the tokenizer's space clean-up. A piece is released only when
/// later tokens cannot change it: a trailing half character, or a trailing space that the clean-up might still
/// remove (<c>" ."</c>, <c>" n't"</c>, …), waits for the next token. Not thread-safe; one per stream.
/// </summary>
internal sealed class StreamingDetokenizer
{
    // The clean-up patterns; text ending in a proper prefix of one of them is held back.
    private static readonly string[] CleanUpPatterns = [" .", " ?", " !", " ,", " ' ", " n't", " 'm", " 's", " 've", " 're"];
    private static readonly string[] Markers = ["<s>", "</s>", "<pad>"];

    private readonly FlorenceTokenizer _tokenizer;
    private readonly List<int> _ids = [];
    private int _released;

    public StreamingDetokenizer(FlorenceTokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>Adds a token and returns the text that became final (often empty).</summary>
    public string Append(int tokenId)
    {
        _ids.Add(tokenId);
        var text = Visible();
        var stable = text.Length - HeldBack(text);
        return Release(text, stable);
    }

    /// <summary>Returns the rest of the text once generation has ended.</summary>
    public string Finish()
    {
        var text = Visible();
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

    private string Visible()
    {
        var raw = _tokenizer.DecodeWithOffsets(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ids), out _);
        foreach (var marker in Markers)
        {
            raw = raw.Replace(marker, string.Empty, StringComparison.Ordinal);
        }

        return _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(raw) : raw;
    }

    private int HeldBack(string text)
    {
        // An incomplete UTF-8 sequence decodes to U+FFFD for now.
        var held = 0;
        while (held < text.Length && text[text.Length - 1 - held] == '\uFFFD')
        {
            held++;
        }

        if (!_tokenizer.CleanUpTokenizationSpaces)
        {
            return held;
        }

        var body = text.AsSpan(0, text.Length - held);
        var longest = 0;
        foreach (var pattern in CleanUpPatterns)
        {
            for (var length = Math.Min(pattern.Length - 1, body.Length); length > longest; length--)
            {
                if (body.EndsWith(pattern.AsSpan(0, length), StringComparison.Ordinal))
                {
                    longest = length;
                    break;
                }
            }
        }

        return held + longest;
    }
}
