using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

public sealed class AddedTokenMatcherTests
{
    private readonly AddedTokenMatcher _matcher = new(["<s>", "<sep>", "<loc_1>", "<loc_12>", "</s>", ""]);

    [Theory]
    [InlineData("<s>", 0, 3)]
    [InlineData("<sep>", 0, 5)]
    [InlineData("x<sep", 1, 0)]
    [InlineData("<loc_12>", 0, 8)]
    [InlineData("<loc_1>2>", 0, 7)]
    [InlineData("<loc_123>", 0, 0)]
    [InlineData("a</s>", 1, 4)]
    [InlineData("a</s>", 0, 0)]
    [InlineData("<S>", 0, 0)]
    [InlineData("", 0, 0)]
    public void Match_length_at_gives_the_longest_token_starting_there(string text, int start, int expected)
    {
        Assert.Equal(expected, _matcher.MatchLengthAt(text, start));
    }
}
