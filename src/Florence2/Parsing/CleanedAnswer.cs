namespace Florence2.Parsing;

/// <summary>
/// The answer text with some markers (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, …) removed, as the reference removes them
/// before matching, plus a map from each remaining character back to its offset in the original text, so matches
/// can be scored against the original tokens.
/// </summary>
internal sealed class CleanedAnswer
{
    private readonly int[] _sourceOffsets;

    private CleanedAnswer(string text, int[] sourceOffsets)
    {
        Text = text;
        _sourceOffsets = sourceOffsets;
    }

    /// <summary>The text with the markers removed.</summary>
    public string Text { get; }

    /// <summary>Length of <see cref="Text"/> without trailing white space: an item ending here is the last thing generated.</summary>
    public int ContentEnd => Text.AsSpan().TrimEnd().Length;

    /// <summary>Removes every occurrence of each marker in one left-to-right pass.</summary>
    public static CleanedAnswer Remove(string source, string[] markers)
    {
        var chars = new char[source.Length];
        var offsets = new int[source.Length];
        int length = 0;
        int position = 0;
        while (position < source.Length)
        {
            int markerLength = source[position] == '<' ? MarkerLengthAt(source, position, markers) : 0;
            if (markerLength > 0)
            {
                position += markerLength;
                continue;
            }

            chars[length] = source[position];
            offsets[length] = position;
            length++;
            position++;
        }

        return new CleanedAnswer(new string(chars, 0, length), offsets);
    }

    /// <summary>Offset in the original text of cleaned character <paramref name="index"/>.</summary>
    public int SourceStart(int index) => _sourceOffsets[index];

    /// <summary>End offset (exclusive) in the original text of the cleaned characters [index, index + length); length is positive.</summary>
    public int SourceEnd(int index, int length) => _sourceOffsets[index + length - 1] + 1;

    private static int MarkerLengthAt(string source, int position, string[] markers)
    {
        var rest = source.AsSpan(position);
        foreach (string marker in markers)
        {
            if (rest.StartsWith(marker, StringComparison.Ordinal))
            {
                return marker.Length;
            }
        }

        return 0;
    }
}
