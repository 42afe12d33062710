using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

public sealed class FlorenceTokenizerDecodeTests(LoadedTestTokenizer loaded) : IClassFixture<LoadedTestTokenizer>
{
    private readonly FlorenceTokenizer _tokenizer = loaded.Tokenizer;

    [Theory]
    [InlineData("What is the region <loc_52><loc_332><loc_932><loc_774>?")]
    [InlineData("café naïve 東京 😀 👍🏽")]
    [InlineData("tab\tand\nnewline  double space ")]
    [InlineData("<od>car<loc_1><loc_2><loc_3><loc_4></od>")]
    [InlineData("")]
    public void Decode_of_encode_gives_the_text_back_with_its_special_tokens(string text)
    {
        // Clean-up is on in the test config, so the texts avoid " ." and friends.
        Assert.Equal("<s>" + text + "</s>", _tokenizer.Decode(_tokenizer.Encode(text)));
    }

    [Fact]
    public void Decode_model_like_answer_keeps_special_tokens_verbatim_without_spaces()
    {
        int[] car = TestVocabulary.Encode("car");
        int[] ids =
        [
            TestVocabulary.EosTokenId, TestVocabulary.BosTokenId, .. car,
            TestVocabulary.LocationTokenId(52), TestVocabulary.LocationTokenId(332),
            TestVocabulary.LocationTokenId(932), TestVocabulary.LocationTokenId(774),
            TestVocabulary.EosTokenId,
        ];

        Assert.Equal("</s><s>car<loc_52><loc_332><loc_932><loc_774></s>", _tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_int64_ids_gives_the_same_text_as_int32_ids()
    {
        int[] ids = _tokenizer.Encode("<od>a green car<loc_10><loc_20><loc_300><loc_400></od>");
        long[] longIds = Array.ConvertAll(ids, id => (long)id);

        Assert.Equal(_tokenizer.Decode(ids), _tokenizer.Decode(longIds));
    }

    [Fact]
    public void Decode_space_before_punctuation_is_cleaned_up_when_the_config_enables_it()
    {
        int[] ids = TestVocabulary.Encode("a car . is it ? yes ! one , two ' three do n't I 'm it 's we 've they 're");

        Assert.True(_tokenizer.CleanUpTokenizationSpaces);
        Assert.Equal("a car. is it? yes! one, two'three don't I'm it's we've they're", _tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_cut_multi_byte_character_gives_replacement_character()
    {
        int[] ids = TestVocabulary.Encode("😀");

        Assert.True(ids.Length > 1);
        Assert.Equal("\uFFFD", _tokenizer.Decode(ids.AsSpan(0, 1)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(TestVocabulary.VocabularySize)]
    [InlineData(int.MaxValue)]
    public void Decode_id_outside_the_vocabulary_throws_naming_id_and_range(int id)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => _tokenizer.Decode([0, id, 2]));

        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 51288", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(51289L)]
    [InlineData(1L << 32)]
    public void Decode_int64_id_outside_the_vocabulary_throws(long id)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _tokenizer.Decode([0L, id]));
    }

    [Fact]
    public void Decode_empty_gives_empty_text()
    {
        Assert.Equal(string.Empty, _tokenizer.Decode(ReadOnlySpan<int>.Empty));
    }
}
