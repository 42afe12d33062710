namespace Florence2.Tests.Parsing;

public sealed class LocationTokenParserTextTests
{
    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;

    [Theory]
    [InlineData("</s><s>A car parked on a street.</s>", "A car parked on a street.")]
    [InlineData("</s><s><s><s>  spaced  </s><pad><pad>", "spaced")]
    [InlineData("", "")]
    [InlineData("</s>", "")]
    [InlineData("<s>a <loc_> and <loc_abc> stay</s>", "a <loc_> and <loc_abc> stay")]
    public void Removes_sequence_markers_and_trims(string text, string expected)
    {
        Assert.Equal(expected, Parser.ParseText(AnswerTokens.FromText(text), removeLocationTokens: false));
    }

    [Fact]
    public void Location_tokens_are_kept_or_removed_on_request()
    {
        var answer = AnswerTokens.FromText("</s><s>car<loc_52><loc_332><loc_932><loc_774></s>");

        Assert.Equal("car<loc_52><loc_332><loc_932><loc_774>", Parser.ParseText(answer, removeLocationTokens: false));
        Assert.Equal("car", Parser.ParseText(answer, removeLocationTokens: true));
    }

    [Fact]
    public void Clean_up_is_applied_only_when_the_answer_asks_for_it()
    {
        const string text = "</s><s>A dog , it 's big .</s>";

        Assert.Equal("A dog, it's big.", Parser.ParseText(AnswerTokens.FromText(text, cleanUpTokenizationSpaces: true), removeLocationTokens: false));
        Assert.Equal("A dog , it 's big .", Parser.ParseText(AnswerTokens.FromText(text), removeLocationTokens: false));
    }
}
