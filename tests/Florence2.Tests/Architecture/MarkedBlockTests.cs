using Florence2.Architecture;

namespace Florence2.Tests.Architecture;

public sealed class MarkedBlockTests
{
    private const string Document = "# Title\n\ntext before\n<!-- folder-graph:begin -->\nold line 1\nold line 2\n<!-- folder-graph:end -->\ntext after\n";

    [Fact]
    public void Replace_puts_the_content_between_the_markers_and_keeps_everything_else()
    {
        var updated = MarkedBlock.Replace(Document, "new line\n");

        Assert.Equal("# Title\n\ntext before\n<!-- folder-graph:begin -->\nnew line\n<!-- folder-graph:end -->\ntext after\n", updated);
    }

    [Fact]
    public void An_empty_block_is_filled_and_the_same_content_again_leaves_the_document_unchanged()
    {
        var empty = "<!-- folder-graph:begin -->\n<!-- folder-graph:end -->\n";

        var filled = MarkedBlock.Replace(empty, "a\nb");

        Assert.Equal("<!-- folder-graph:begin -->\na\nb\n<!-- folder-graph:end -->\n", filled);
        Assert.Equal(filled, MarkedBlock.Replace(filled, "a\nb\n"));
    }

    [Fact]
    public void The_block_is_up_to_date_only_when_it_is_exactly_the_content()
    {
        Assert.True(MarkedBlock.IsUpToDate(Document, "old line 1\nold line 2\n"));
        Assert.False(MarkedBlock.IsUpToDate(Document, "old line 1\n"));
        Assert.False(MarkedBlock.IsUpToDate(Document, "old line 1\nold line 2 changed\n"));
    }

    [Theory]
    [InlineData("no markers at all\n", "No line '<!-- folder-graph:begin -->'")]
    [InlineData("<!-- folder-graph:begin -->\nx\n", "No line '<!-- folder-graph:end -->'")]
    [InlineData("<!-- folder-graph:end -->\nx\n<!-- folder-graph:begin -->\n", "comes before")]
    [InlineData("<!-- folder-graph:begin -->\n<!-- folder-graph:begin -->\n<!-- folder-graph:end -->\n", "is there 2 times")]
    public void A_document_without_one_pair_of_markers_is_refused_saying_what_is_wrong(string document, string message)
    {
        var exception = Assert.Throws<FormatException>(() => MarkedBlock.Replace(document, "x\n"));

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }
}
