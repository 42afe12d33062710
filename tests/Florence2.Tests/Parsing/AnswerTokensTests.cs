namespace Florence2.Tests.Parsing;

public sealed class AnswerTokensTests
{
    [Fact]
    public void From_text_splits_tags_and_text_runs_into_zero_log_prob_tokens()
    {
        var answer = AnswerTokens.FromText("</s><s>car<loc_1> a<b", isTruncated: true);

        Assert.Equal([4, 7, 10, 17, 19, 21], answer.TokenEnds);
        Assert.All(answer.LogProbs, p => Assert.Equal(0f, p));
        Assert.True(answer.IsTruncated);
        Assert.False(answer.CleanUpTokenizationSpaces);
    }

    [Fact]
    public void From_text_of_empty_text_has_no_tokens()
    {
        var answer = AnswerTokens.FromText(string.Empty);

        Assert.Empty(answer.TokenEnds);
        Assert.Equal(string.Empty, answer.Text);
    }

    [Fact]
    public void Constructor_copies_the_lists()
    {
        var ends = new List<int> { 2, 4 };
        var answer = new AnswerTokens("abcd", ends, [0f, -1f], isTruncated: false, cleanUpTokenizationSpaces: true);
        ends[0] = 3;

        Assert.Equal([2, 4], answer.TokenEnds);
        Assert.True(answer.CleanUpTokenizationSpaces);
    }

    [Fact]
    public void Constructor_accepts_tokens_that_decode_to_nothing()
    {
        var answer = new AnswerTokens("ab", [0, 1, 1, 2], [0f, 0f, 0f, 0f], isTruncated: false, cleanUpTokenizationSpaces: false);

        Assert.Equal(4, answer.TokenEnds.Count);
    }

    public static TheoryData<int[], float[]> InvalidTokens() => new()
    {
        { [2, 4], [0f] },
        { [3, 2, 4], [0f, 0f, 0f] },
        { [2, 3], [0f, 0f] },
        { [2, 5], [0f, 0f] },
        { [-1, 4], [0f, 0f] },
        { [], [] },
        { [2, 4], [0f, float.NaN] },
        { [2, 4], [float.PositiveInfinity, 0f] },
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public void Constructor_rejects_inconsistent_tokens(int[] ends, float[] logProbs)
    {
        Assert.Throws<ArgumentException>(() => new AnswerTokens("abcd", ends, logProbs, isTruncated: false, cleanUpTokenizationSpaces: false));
    }
}
