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
    public void Encode_matches_gpt2_tiktoken_shifted_into_the_test_vocabulary(string text)
    {
        int[] expected = [TestVocabulary.BosTokenId, .. TestVocabulary.Encode(text), TestVocabulary.EosTokenId];

        Assert.Equal(expected, _tokenizer.Encode(text));
    }

    [Fact]
    public void Encode_oracle_agrees_with_gpt2_on_a_plain_prompt()
    {
        // Guards the oracle itself: GPT-2 ids of "Hello world" are 15496, 995.
        Assert.Equal([15496 + 4, 995 + 4], TestVocabulary.Encode("Hello world"));
    }

    [Fact]
    public void Encode_region_prompt_keeps_location_tokens_whole_after_a_standalone_space()
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
    public void Encode_region_to_segmentation_prompt_ends_with_the_location_tokens()
    {
        int[] ids = _tokenizer.Encode("What is the polygon mask of region <loc_702><loc_575><loc_866><loc_772>");

        Assert.Equal([SpaceTokenId, 50971, 50844, 51135, 51041, TestVocabulary.EosTokenId], ids[^6..]);
    }

    [Fact]
    public void Encode_location_token_ids_follow_the_bin()
    {
        Assert.Equal([0, TestVocabulary.LocationTokenId(0), TestVocabulary.LocationTokenId(999), 2], _tokenizer.Encode("<loc_0><loc_999>"));
        Assert.Equal(50269, TestVocabulary.LocationTokenId(0));
        Assert.Equal(51268, TestVocabulary.LocationTokenId(999));
    }

    [Fact]
    public void Encode_not_a_registered_location_is_split_like_plain_text()
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
    public void Encode_added_token_is_one_id(string token, int id)
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
    public void Encode_text_around_added_tokens_matches_oracle(string text)
    {
        int[] expected = [TestVocabulary.BosTokenId, .. TestVocabulary.Encode(text), TestVocabulary.EosTokenId];

        Assert.Equal(expected, _tokenizer.Encode(text));
    }

    [Fact]
    public void Encode_long_text_matches_oracle()
    {
        string text = string.Concat(Enumerable.Repeat("A green car parked in front of a yellow building, 12 windows; it's 3:45 pm. ", 200));

        Assert.Equal([0, .. TestVocabulary.Encode(text), 2], _tokenizer.Encode(text));
    }

    [Fact]
    public void Encode_null_throws()
    {
        Assert.Throws<ArgumentNullException>(() => _tokenizer.Encode(null!));
    }
}
