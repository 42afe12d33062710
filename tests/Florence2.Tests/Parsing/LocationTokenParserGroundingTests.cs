namespace Florence2.Tests.Parsing;

public sealed class LocationTokenParserGroundingTests
{
    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;
    private static readonly ImageSize Size = new(800, 600);

    [Fact]
    public void Phrases_with_several_boxes_keep_all_boxes_together()
    {
        var answer = AnswerTokens.FromText(
            "</s><s>A green car<loc_10><loc_20><loc_30><loc_40> two wheels<loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8></s>");

        var groundings = Parser.ParseGroundings(answer, Size);

        Assert.Equal(["A green car", "two wheels"], groundings.Select(g => g.Phrase));
        Assert.Equal([Expected.Box(10, 20, 30, 40, Size)], groundings[0].Boxes);
        Assert.Equal([Expected.Box(1, 2, 3, 4, Size), Expected.Box(5, 6, 7, 8, Size)], groundings[1].Boxes);
        Assert.Equal([1f, 1f], groundings[1].Scores);
    }

    [Theory]
    [InlineData("the image")]
    [InlineData("it")]
    [InlineData("I")]
    [InlineData("each other")]
    [InlineData("themselves")]
    [InlineData("a group")]
    [InlineData("other objects")]
    [InlineData("a")]
    public void Blacklisted_phrases_are_left_out(string phrase)
    {
        var answer = AnswerTokens.FromText($"<s> {phrase} <loc_1><loc_2><loc_3><loc_4>a dog<loc_5><loc_6><loc_7><loc_8></s>");

        var grounding = Assert.Single(Parser.ParseGroundings(answer, Size));

        Assert.Equal("a dog", grounding.Phrase);
    }

    [Theory]
    [InlineData("It")]
    [InlineData("the images")]
    [InlineData("a dog")]
    public void The_blacklist_is_exact_and_case_sensitive(string phrase)
    {
        var answer = AnswerTokens.FromText($"<s>{phrase}<loc_1><loc_2><loc_3><loc_4></s>");

        Assert.Equal(phrase, Assert.Single(Parser.ParseGroundings(answer, Size)).Phrase);
    }

    [Fact]
    public void Phrase_text_is_extracted_without_markers_or_locations()
    {
        var answer = AnswerTokens.FromText("</s><s><s>  a woman's <obj>hat <loc_100><loc_200><loc_300><loc_400></s><pad>");

        var grounding = Assert.Single(Parser.ParseGroundings(answer, Size));

        Assert.Equal("a woman's hat", grounding.Phrase);
    }
}
