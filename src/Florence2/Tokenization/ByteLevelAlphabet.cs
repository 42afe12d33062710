namespace Florence2.Tokenization;

/// <summary>
/// GPT-2's byte-level alphabet: every byte is stored in the vocabulary as one printable character (printable
/// ASCII and Latin-1 bytes as themselves, the others shifted to U+0100 and up, in byte order).
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] CharByByte = BuildCharByByte();
    private static readonly Dictionary<char, byte> ByteByChar = BuildByteByChar();

    /// <summary>The byte a vocabulary character stands for; false for a character outside the alphabet.</summary>
    public static bool TryGetByte(char c, out byte value) => ByteByChar.TryGetValue(c, out value);

    /// <summary>The vocabulary character that stands for <paramref name="value"/>.</summary>
    public static char GetChar(byte value) => CharByByte[value];

    private static char[] BuildCharByByte()
    {
        var chars = new char[256];
        var shifted = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            chars[b] = printable ? (char)b : (char)(256 + shifted++);
        }

        return chars;
    }

    private static Dictionary<char, byte> BuildByteByChar()
    {
        var map = new Dictionary<char, byte>(256);
        for (var b = 0; b < 256; b++)
        {
            map[CharByByte[b]] = (byte)b;
        }

        return map;
    }
}
