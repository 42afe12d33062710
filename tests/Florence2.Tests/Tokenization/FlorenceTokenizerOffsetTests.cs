using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

public sealed class FlorenceTokenizerOffsetTests(LoadedTestTokenizer loaded) : IClassFixture<LoadedTestTokenizer>
{
    private readonly FlorenceTokenizer _tokenizer = loaded.Tokenizer;

    [Theory]
    [InlineData("a red car , parked .<loc_52><loc_332><loc_932><loc_774>")]
    [InlineData("café naïve 東京 😀 👍🏽<poly><loc_1><loc_2><sep><loc_3></poly>")]
    [InlineData("tab\tand\nnewline  double space ")]
    [InlineData("")]
    public void Offsets_text_is_the_decoded_text_before_clean_up(string text)
    {
        var ids = _tokenizer.Encode(text);

        var raw = _tokenizer.DecodeWithOffsets(ids, out var ends);

        Assert.Equal(_tokenizer.Decode(ids), TokenizationSpacesCleanup.Apply(raw));
        Assert.Equal("<s>" + text + "</s>", raw);
        Assert.Equal(raw.Length, ends[^1]);
        Assert.True(ends.Zip(ends.Skip(1)).All(p => p.First <= p.Second), "token ends ascend");
    }

    [Fact]
    public void Each_token_ends_where_its_text_ends()
    {
        int[] ids = [TestVocabulary.EosTokenId, TestVocabulary.BosTokenId, .. TestVocabulary.Encode("car"), TestVocabulary.LocationTokenId(7)];

        var raw = _tokenizer.DecodeWithOffsets(ids, out var ends);

        Assert.Equal("</s><s>car<loc_7>", raw);
        Assert.Equal(4, ends[0]);
        Assert.Equal(7, ends[1]);
        Assert.Equal(raw.Length, ends[^1]);
        Assert.Equal(raw.Length - "<loc_7>".Length, ends[^2]);
    }

    [Fact]
    public void A_character_split_across_tokens_belongs_to_the_token_that_completes_it()
    {
        var ids = TestVocabulary.Encode("😀");
        Assert.True(ids.Length > 1, "the emoji should take several byte-level tokens");

        var raw = _tokenizer.DecodeWithOffsets(ids, out var ends);

        Assert.Equal("😀", raw);
        Assert.All(ends[..^1], end => Assert.Equal(0, end));
        Assert.Equal(2, ends[^1]);
    }
}
