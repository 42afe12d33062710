namespace Florence2.Parsing;

/// <summary>
/// Finds what Python's <c>re.findall(r"(.+?)&lt;loc_(\d+)&gt;" × 8)</c> finds (spec section 3.7), in linear time: the
/// regex retries every start position after the last line and is quadratic there.
/// </summary>
/// <remarks>
/// Equivalence: a match starting at p takes the smallest q &gt; p where eight consecutive location tokens start, if
/// no newline lies in [p, q) (<c>.</c> does not match <c>\n</c>). When a newline comes first, no start before it can
/// succeed either, so the search resumes after it.
/// </remarks>
internal static class OcrLineFinder
{
    /// <summary>Location tokens per line: four corners.</summary>
    public const int LocationsPerLine = 8;

    /// <summary>Fills <paramref name="tokens"/> with every location token of <paramref name="text"/> and returns the lines, in order.</summary>
    public static List<OcrLineSpan> Find(string text, List<LocationToken> tokens)
    {
        CollectLocationTokens(text, tokens);

        // runLength[k]: how many location tokens follow each other without a gap from token k on.
        var runLength = new int[tokens.Count];
        for (int k = tokens.Count - 1; k >= 0; k--)
        {
            bool joinsNext = k + 1 < tokens.Count && tokens[k + 1].Index == tokens[k].Index + tokens[k].Length;
            runLength[k] = joinsNext ? runLength[k + 1] + 1 : 1;
        }

        var lines = new List<OcrLineSpan>();
        int position = 0;
        int candidate = 0;
        while (position < text.Length)
        {
            if (text[position] == '\n')
            {
                position++;
                continue;
            }

            while (candidate < tokens.Count && (tokens[candidate].Index <= position || runLength[candidate] < LocationsPerLine))
            {
                candidate++;
            }

            if (candidate == tokens.Count)
            {
                break;
            }

            int locationsStart = tokens[candidate].Index;
            int newline = text.IndexOf('\n', position, locationsStart - position);
            if (newline >= 0)
            {
                position = newline + 1;
                continue;
            }

            lines.Add(new OcrLineSpan(position, locationsStart, candidate));
            var last = tokens[candidate + LocationsPerLine - 1];
            position = last.Index + last.Length;
        }

        return lines;
    }

    private static void CollectLocationTokens(string text, List<LocationToken> tokens)
    {
        tokens.Clear();
        int position = text.IndexOf('<', StringComparison.Ordinal);
        while (position >= 0)
        {
            if (LocationToken.TryRead(text, position, out var token))
            {
                tokens.Add(token);
                position += token.Length;
            }
            else
            {
                position++;
            }

            position = position < text.Length ? text.IndexOf('<', position) : -1;
        }
    }
}
