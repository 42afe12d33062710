using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

public sealed class TokenizationSpacesCleanupTests
{
    [Theory]
    [InlineData("a .", "a.")]
    [InlineData("why ?", "why?")]
    [InlineData("wow !", "wow!")]
    [InlineData("a , b", "a, b")]
    [InlineData("rock ' n", "rock'n")]
    [InlineData("do n't", "don't")]
    [InlineData("I 'm", "I'm")]
    [InlineData("it 's", "it's")]
    [InlineData("we 've", "we've")]
    [InlineData("they 're", "they're")]
    [InlineData("they 'll", "they 'll")]
    [InlineData("no spaces.", "no spaces.")]
    [InlineData("car<loc_1> .", "car<loc_1>.")]
    [InlineData("", "")]
    public void Apply_removes_the_space_before_punctuation_and_contractions(string text, string expected)
    {
        Assert.Equal(expected, TokenizationSpacesCleanup.Apply(text));
    }

    [Fact]
    public void Apply_quote_rule_runs_before_contraction_rules()
    {
        // transformers replaces " ' " first; the result is then left alone by " 's".
        Assert.Equal("it's", TokenizationSpacesCleanup.Apply("it ' s"));
    }
}
