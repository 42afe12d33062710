namespace Florence2.TestModels;

/// <summary>
/// GPT-2's byte-to-character table: every byte gets a printable character so that byte-level BPE tokens can be stored
/// as JSON strings (space becomes <c>Ġ</c>, newline <c>Ċ</c>).
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildTable();

    /// <summary>Writes each byte as its GPT-2 character.</summary>
    public static string ToTokenString(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                chars[i] = ByteToChar[source[i]];
            }
        });
    }

    private static char[] BuildTable()
    {
        // Printable Latin-1 bytes keep their own character; the other 68 bytes are moved, in byte order, to 256 and up.
        var table = new char[256];
        int nextShifted = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)nextShifted++;
        }

        return table;
    }
}
