using System.Globalization;
using System.Text;

namespace Florence2.Tests.Tokenization;

/// <summary>Seeded random prompt texts for tokenizer property tests: mixed scripts, added tokens, and long words and runs.</summary>
internal static class RandomTexts
{
    private static readonly string[] Pieces =
    [
        "<loc_5>", "<loc_999>", "<loc_1000>", "<s>", "</s>", "<pad>", "<od>", "<poly>", "<sep>", "<loc_", "<", ">", "Ġ", "Ċ",
        " the", " The", "n't", "'s", "'re", " .", " ,", "  ", "\r\n", "\t", "\n\n", "123", "1,000.5", "café", "東京", "Привет",
        "😀", "👍🏽", "👩‍👩‍👧", "ß", "İ", "\u0301", "\u00a0", "\u200b", "\ufffd", "©", "---", "...", "!?",
    ];

    /// <summary><paramref name="count"/> texts; one in ten holds a long word or run of up to <paramref name="maxLongWordLength"/> characters.</summary>
    public static IEnumerable<string> Many(Random random, int count, int maxLongWordLength)
    {
        for (int i = 0; i < count; i++)
        {
            yield return One(random, maxLongWordLength);
        }
    }

    /// <summary>A word of <paramref name="length"/> random lower-case ASCII letters.</summary>
    public static string Letters(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());

    /// <summary>The text's length and its start, escaped, for a failure message.</summary>
    public static string Describe(string text)
    {
        var head = new StringBuilder();
        foreach (char c in text.Take(200))
        {
            head.Append(c is >= ' ' and <= '~' ? c.ToString() : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"a text of {text.Length} chars starting \"{head}\"");
    }

    private static string One(Random random, int maxLongWordLength)
    {
        var text = new StringBuilder();
        int parts = random.Next(0, 25);
        for (int i = 0; i < parts; i++)
        {
            switch (random.Next(10))
            {
                case 0:
                    text.Append(LongRun(random, maxLongWordLength));
                    break;
                case 1 or 2:
                    text.Append(Pieces[random.Next(Pieces.Length)]);
                    break;
                case 3:
                    text.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000)));
                    break;
                case 4:
                    AppendBmpCharacter(text, random);
                    break;
                case 5:
                    text.Append((char)random.Next(0, 0x80));
                    break;
                default:
                    text.Append(' ').Append(Letters(random, random.Next(1, 9)));
                    break;
            }
        }

        return text.ToString();
    }

    private static string LongRun(Random random, int maxLength)
    {
        if (random.Next(4) != 0)
        {
            return string.Empty; // keeps long runs to about one text in ten
        }

        int length = random.Next(maxLength / 10, maxLength + 1);
        return random.Next(5) switch
        {
            0 => new string((char)random.Next('a', 'z' + 1), length),
            1 => Letters(random, length),
            2 => new string(Enumerable.Range(0, length).Select(_ => (char)random.Next('0', '9' + 1)).ToArray()),
            3 => new string(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x4E00, 0xA000)).ToArray()),
            _ => new string(Enumerable.Range(0, length).Select(_ => "!#$%&*+-./:;=?@^_~"[random.Next(18)]).ToArray()),
        };
    }

    private static void AppendBmpCharacter(StringBuilder text, Random random)
    {
        char c = (char)random.Next(0x20, 0x10000);
        text.Append(char.IsSurrogate(c) ? '\ufffd' : c); // lone surrogates are refused before encoding; tested elsewhere
    }
}
