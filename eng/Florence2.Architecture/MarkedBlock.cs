namespace Florence2.Architecture;

/// <summary>
/// The generated part of a markdown document: the lines between a <see cref="Begin"/> line and an <see cref="End"/>
/// line. Everything outside them is kept as it is.
/// </summary>
internal static class MarkedBlock
{
    public const string Begin = "<!-- folder-graph:begin -->";
    public const string End = "<!-- folder-graph:end -->";

    /// <summary>The document with the lines between the markers replaced by <paramref name="content"/>.</summary>
    /// <exception cref="FormatException">The document does not hold exactly one begin line followed by one end line.</exception>
    public static string Replace(string document, string content)
    {
        var lines = document.Split('\n');
        var begin = MarkerLine(lines, Begin);
        var end = MarkerLine(lines, End);
        if (end < begin)
        {
            throw new FormatException($"The line '{End}' comes before '{Begin}'; the generated block goes between them.");
        }

        var block = content.Length == 0 || content.EndsWith('\n') ? content : content + "\n";
        return string.Join('\n', lines[..(begin + 1)]) + "\n" + block + string.Join('\n', lines[end..]);
    }

    /// <summary>Whether the block between the markers is exactly <paramref name="content"/>.</summary>
    /// <exception cref="FormatException">The document does not hold exactly one begin line followed by one end line.</exception>
    public static bool IsUpToDate(string document, string content) => Replace(document, content) == document;

    private static int MarkerLine(string[] lines, string marker)
    {
        var found = Enumerable.Range(0, lines.Length).Where(i => lines[i].TrimEnd('\r').Trim() == marker).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new FormatException($"No line '{marker}': put '{Begin}' and '{End}' on lines of their own where the generated block goes."),
            _ => throw new FormatException($"The line '{marker}' is there {found.Count} times; it must be there once."),
        };
    }
}
