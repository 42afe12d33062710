using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

public sealed class FlorenceTokenizerEncodeTests(LoadedTestTokenizer loaded) : IClassFixture<LoadedTestTokenizer>
{
    private readonly FlorenceTokenizer _tokenizer = loaded.Tokenizer;

    // GPT-2's "Ġ" (220) shifted into the test vocabulary: the stand-alone space before a location token (1437 in Florence-2).
    private const int SpaceTokenId = 220 + TestVocabulary.Gpt2IdOffset;

    public static TheoryData<string> PlainTexts =>
    [
        // Florence-2's task prompts (spec section 2.1).
        "What is the text in the image?",
        "What is the text in the image, with regions?",
        "What does the image describe?",
        "Describe in detail what is shown in the image.",
        "Describe with a paragraph what is shown in the image.",
        "Locate the objects with category name in the image.",
        "Locate the objects in the image, with their descriptions.",
        "Locate the region proposals in the image.",
        "Locate the phrases in the caption: A green car parked in front of a yellow building.",
        "Locate a green car in the image with mask",
        "Locate cat in the image.",
        "What text is in the region ?",
        "describe",
        // Spaces, tabs and line breaks.
        " leading space",
        "  two leading spaces",
        "trailing space ",
        "double  space   triple",
        "tab\tseparated\t\tcolumns",
        "line one\nline two\r\nline three\n\n",
        "\n",
        " ",
        "   ",
        // Digits and punctuation.
        "0 1 12 123 1234 12345 3.14159 -42 1,000,000",
        "Hello, world! (really?) [yes] {no} \"quoted\" 'single' a/b\\c @#$%^&*_+=~`|",
        "...!!!???---",
        // Accents, scripts, emoji, symbols.
        "café naïve Zürich São Paulo",
        "東京タワー 北京 서울",
        "Привет, мир! Γειά σου",
        "😀 👍🏽 👨‍👩‍👧 🇫🇷",
        "©®™ ½ ° µ",
        // Contractions.
        "it's they're we've I'm he'd she'll don't",
        "IT'S THEY'RE",
        // Things that look like tokens but are not.
        "<loc_1000>",
        "<LOC_5> <od > < od> <cap",
        "<unused_0>",
        "",
    ];

    [Theory]
    [MemberData(nameof(PlainTexts))]
    public void Encode_MatchesGpt2TiktokenShiftedIntoTheTestVocabulary(string text)
    {
        int[] expected = [TestVocabulary.BosTokenId, .. TestVocabulary.Encode(text), TestVocabulary.EosTokenId];

        Assert.Equal(expected, _tokenizer.Encode(text));
    }

    [Fact]
    public void Encode_OracleAgreesWithGpt2OnAPlainPrompt()
    {
        // Guards the oracle itself: GPT-2 ids of "Hello world" are 15496, 995.
        Assert.Equal([15496 + 4, 995 + 4], TestVocabulary.Encode("Hello world"));
    }

    [Fact]
    public void Encode_RegionPrompt_KeepsLocationTokensWholeAfterAStandaloneSpace()
    {
        int[] ids = _tokenizer.Encode("What is the region <loc_52><loc_332><loc_932><loc_774>?");

        int[] expected =
        [
            TestVocabulary.BosTokenId,
            .. TestVocabulary.Encode("What is the region"),
            SpaceTokenId, 50321, 50601, 51201, 51043,
            .. TestVocabulary.Encode("?"),
            TestVocabulary.EosTokenId,
        ];
        Assert.Equal(expected, ids);
    }

    [Fact]
    public void Encode_RegionToSegmentationPrompt_EndsWithTheLocationTokens()
    {
        int[] ids = _tokenizer.Encode("What is the polygon mask of region <loc_702><loc_575><loc_866><loc_772>");

        Assert.Equal([SpaceTokenId, 50971, 50844, 51135, 51041, TestVocabulary.EosTokenId], ids[^6..]);
    }

    [Fact]
    public void Encode_LocationTokenIdsFollowTheBin()
    {
        Assert.Equal([0, TestVocabulary.LocationTokenId(0), TestVocabulary.LocationTokenId(999), 2], _tokenizer.Encode("<loc_0><loc_999>"));
        Assert.Equal(50269, TestVocabulary.LocationTokenId(0));
        Assert.Equal(51268, TestVocabulary.LocationTokenId(999));
    }

    [Fact]
    public void Encode_NotARegisteredLocation_IsSplitLikePlainText()
    {
        int[] ids = _tokenizer.Encode("<loc_1000>");

        Assert.True(ids.Length > 3);
        Assert.DoesNotContain(ids[1..^1], id => id >= TestVocabulary.FirstFlorenceTokenId);
    }

    [Theory]
    [InlineData("<od>", 50265)]
    [InlineData("</od>", 50266)]
    [InlineData("<ocr>", 50267)]
    [InlineData("</ocr>", 50268)]
    [InlineData("<cap>", 51269)]
    [InlineData("<sep>", 51279)]
    [InlineData("<region_to_desciption>", 51282)]
    [InlineData("</region_to_desciption>", 51283)]
    [InlineData("<poly>", 51286)]
    [InlineData("<and>", 51288)]
    [InlineData("<s>", 0)]
    [InlineData("<pad>", 1)]
    [InlineData("</s>", 2)]
    [InlineData("<unk>", 3)]
    [InlineData("<mask>", 50264)]
    public void Encode_AddedToken_IsOneId(string token, int id)
    {
        Assert.Equal([0, id, 2], _tokenizer.Encode(token));
    }

    [Theory]
    [InlineData("cat<loc_12>, <loc_345>dog</od>")]
    [InlineData("x<s>y</s>z")]
    [InlineData("<od>car<loc_1><loc_2><loc_3><loc_4></od>")]
    [InlineData("a </s> b<pad><unk>")]
    [InlineData("<poly><loc_10><loc_20><sep><loc_30></poly><and> text")]
    [InlineData("<<od>>")]
    public void Encode_TextAroundAddedTokens_MatchesOracle(string text)
    {
        int[] expected = [TestVocabulary.BosTokenId, .. TestVocabulary.Encode(text), TestVocabulary.EosTokenId];

        Assert.Equal(expected, _tokenizer.Encode(text));
    }

    [Fact]
    public void Encode_LongText_MatchesOracle()
    {
        string text = string.Concat(Enumerable.Repeat("A green car parked in front of a yellow building, 12 windows; it's 3:45 pm. ", 200));

        Assert.Equal([0, .. TestVocabulary.Encode(text), 2], _tokenizer.Encode(text));
    }

    [Fact]
    public void Encode_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _tokenizer.Encode(null!));
    }
}
