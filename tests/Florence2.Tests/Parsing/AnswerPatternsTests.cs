using System.Text;
using System.Text.RegularExpressions;
using Florence2.Parsing;

namespace Florence2.Tests.Parsing;

/// <summary>
/// The parser's patterns add anchors and atomic groups, and replace OCR's regex by a scanner, to stay linear. These
/// tests check on random text that they find exactly what the reference's own patterns find.
/// </summary>
public sealed class AnswerPatternsTests
{
    private static readonly string[] Pieces =
    [
        "car", " a b", "\n", "<", ">", "<sep>", "<poly>", "</poly>", "<loc_>", "<lo", "c_3>", "x>", "<od>",
        "<loc_1>", "<loc_22>", "<loc_333>", "<loc_1500>",
    ];

    // The reference's patterns, \d narrowed to ASCII digits as in the parser.
    private static readonly Regex ReferenceBoxPhrase = new(@"[^<]+(?:<loc_[0-9]+>){4,}", RegexOptions.Compiled);
    private static readonly Regex ReferencePolygonPhrase = new(@"[^<]+(?:<loc_[0-9]+>|<sep>|<poly>|</poly>){4,}", RegexOptions.Compiled);
    private static readonly Regex ReferencePolygonCoordinates = new(@"((?:<loc_[0-9]+>)+)(?:<sep>|$)", RegexOptions.Compiled);
    private static readonly Regex ReferenceOcr = new(@"(.+?)(?:<loc_[0-9]+>){8}", RegexOptions.Compiled);

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Phrase_and_polygon_patterns_match_the_reference_patterns(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 250; i++)
        {
            string text = RandomText(random, locationWeight: 2);
            Assert.Equal(Spans(ReferenceBoxPhrase, text), Spans(AnswerPatterns.LabeledBoxPhrase(), text));
            Assert.Equal(Spans(ReferencePolygonPhrase, text), Spans(AnswerPatterns.LabeledPolygonPhrase(), text));
            Assert.Equal(Spans(ReferencePolygonCoordinates, text), Spans(AnswerPatterns.PolygonCoordinates(), text));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Ocr_line_finder_finds_what_the_reference_pattern_finds(int seed)
    {
        var random = new Random(seed);
        var tokens = new List<LocationToken>();
        for (int i = 0; i < 250; i++)
        {
            string text = RandomText(random, locationWeight: 6);
            var expected = ReferenceOcr.Matches(text).Select(m => (m.Groups[1].Index, m.Groups[1].Length, m.Index + m.Length)).ToList();

            var actual = OcrLineFinder.Find(text, tokens).Select(line =>
            {
                var last = tokens[line.FirstToken + 7];
                return (line.LabelStart, line.LabelEnd - line.LabelStart, last.Index + last.Length);
            }).ToList();

            Assert.Equal(expected, actual);
        }
    }

    private static List<(int Index, int Length)> Spans(Regex pattern, string text) =>
        pattern.Matches(text).Select(m => (m.Index, m.Length)).ToList();

    private static string RandomText(Random random, int locationWeight)
    {
        var text = new StringBuilder();
        int count = random.Next(0, 80);
        for (int i = 0; i < count; i++)
        {
            text.Append(random.Next(locationWeight + 1) == 0 ? Pieces[random.Next(Pieces.Length)] : $"<loc_{random.Next(0, 1000)}>");
        }

        return text.ToString();
    }
}
