namespace Florence2.Tests.Parsing;

public sealed class LocationTokenParserOcrTests
{
    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;
    private static readonly ImageSize BookCover = new(403, 500);

    [Fact]
    public void Cuda_example_gives_the_spec_quad_and_a_clean_label()
    {
        var answer = AnswerTokens.FromText("</s><s>CUDA<loc_414><loc_100><loc_932><loc_100><loc_932><loc_229><loc_414><loc_229></s>");

        var line = Assert.Single(Parser.ParseOcr(answer, BookCover));

        // Python keeps "</s>CUDA" here; the label must be clean.
        Assert.Equal("CUDA", line.Text);
        float[] expected = [167.0435f, 50.25f, 375.7975f, 50.25f, 375.7975f, 114.75f, 167.0435f, 114.75f];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[2 * i], line.Quad.Points[i].X, 1e-3f);
            Assert.Equal(expected[(2 * i) + 1], line.Quad.Points[i].Y, 1e-3f);
        }

        Assert.Equal(Expected.Point(414, 100, BookCover), line.Quad.Points[0]);
        Assert.Equal(Expected.Point(414, 229, BookCover), line.Quad.Points[3]);
    }

    [Fact]
    public void Several_lines_come_in_generation_order_with_trimmed_labels()
    {
        var answer = AnswerTokens.FromText(
            "</s><s>CUDA<loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8> by Example <loc_10><loc_20><loc_30><loc_40><loc_50><loc_60><loc_70><loc_80></s>");

        var lines = Parser.ParseOcr(answer, BookCover);

        Assert.Equal(["CUDA", "by Example"], lines.Select(l => l.Text));
        Assert.Equal(Expected.Point(70, 80, BookCover), lines[1].Quad.Points[3]);
    }

    [Fact]
    public void Truncated_answer_drops_the_partial_last_line()
    {
        var answer = AnswerTokens.FromText(
            "</s><s>CUDA<loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8>TOOLKIT<loc_10><loc_20><loc_30><loc_40><loc_50>",
            isTruncated: true);

        var line = Assert.Single(Parser.ParseOcr(answer, BookCover));

        Assert.Equal("CUDA", line.Text);
    }

    [Fact]
    public void Location_tokens_left_over_from_an_incomplete_line_do_not_leak_into_the_next_label()
    {
        // Python's lazy (.+?) takes "A<loc_1><loc_2><loc_3>B" as the label of the second line.
        var answer = AnswerTokens.FromText("<s>A<loc_1><loc_2><loc_3>B<loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8></s>");

        var line = Assert.Single(Parser.ParseOcr(answer, BookCover));

        Assert.Equal("AB", line.Text);
    }

    [Fact]
    public void Clean_up_of_tokenization_spaces_applies_when_enabled()
    {
        const string text = "<s>Hello , world !<loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8></s>";

        Assert.Equal("Hello, world!", Assert.Single(Parser.ParseOcr(AnswerTokens.FromText(text, cleanUpTokenizationSpaces: true), BookCover)).Text);
        Assert.Equal("Hello , world !", Assert.Single(Parser.ParseOcr(AnswerTokens.FromText(text), BookCover)).Text);
    }

    [Fact]
    public void Answer_without_locations_gives_no_lines()
    {
        Assert.Empty(Parser.ParseOcr(AnswerTokens.FromText("</s><s>CUDA by Example</s>"), BookCover));
    }
}
