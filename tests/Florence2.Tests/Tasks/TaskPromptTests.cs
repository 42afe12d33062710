using Florence2.Tasks;

namespace Florence2.Tests.Tasks;

/// <summary>Expected prompts are the spec's task table (section 2.1).</summary>
public sealed class TaskPromptTests
{
    [Theory]
    [InlineData("<OCR>", null, "What is the text in the image?")]
    [InlineData("<OCR_WITH_REGION>", null, "What is the text in the image, with regions?")]
    [InlineData("<CAPTION>", null, "What does the image describe?")]
    [InlineData("<DETAILED_CAPTION>", null, "Describe in detail what is shown in the image.")]
    [InlineData("<MORE_DETAILED_CAPTION>", null, "Describe with a paragraph what is shown in the image.")]
    [InlineData("<OD>", null, "Locate the objects with category name in the image.")]
    [InlineData("<DENSE_REGION_CAPTION>", null, "Locate the objects in the image, with their descriptions.")]
    [InlineData("<REGION_PROPOSAL>", null, "Locate the region proposals in the image.")]
    [InlineData("<CAPTION_TO_PHRASE_GROUNDING>", "A green car.", "Locate the phrases in the caption: A green car.")]
    [InlineData("<REFERRING_EXPRESSION_SEGMENTATION>", "the car", "Locate the car in the image with mask")]
    [InlineData("<REGION_TO_SEGMENTATION>", "<loc_702><loc_575><loc_866><loc_772>", "What is the polygon mask of region <loc_702><loc_575><loc_866><loc_772>")]
    [InlineData("<OPEN_VOCABULARY_DETECTION>", "cat", "Locate cat in the image.")]
    [InlineData("<REGION_TO_CATEGORY>", "<loc_52><loc_332><loc_932><loc_774>", "What is the region <loc_52><loc_332><loc_932><loc_774>?")]
    [InlineData("<REGION_TO_DESCRIPTION>", "<loc_52><loc_332><loc_932><loc_774>", "What does the region <loc_52><loc_332><loc_932><loc_774> describe?")]
    [InlineData("<REGION_TO_OCR>", "<loc_1><loc_2><loc_3><loc_4>", "What text is in the region <loc_1><loc_2><loc_3><loc_4>?")]
    [InlineData("describe", null, "describe")]
    [InlineData("<MY_FINETUNE>", " extra", "<MY_FINETUNE> extra")]
    public void Tasks_expand_to_their_prompts(string task, string? text, string expected) =>
        Assert.Equal(expected, TaskPrompt.Build(task, text));

    [Fact]
    public void Text_is_inserted_untrimmed_as_the_python_reference_does() =>
        Assert.Equal("Locate  cat  in the image.", TaskPrompt.Build("<OPEN_VOCABULARY_DETECTION>", " cat "));

    [Fact]
    public void A_task_without_input_rejects_text()
    {
        var e = Assert.Throws<ArgumentException>(() => TaskPrompt.Build("<OD>", "cars"));
        Assert.Contains("<OD> takes no text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_with_input_requires_text()
    {
        var e = Assert.Throws<ArgumentException>(() => TaskPrompt.Build("<REGION_TO_CATEGORY>", null));
        Assert.Contains("needs text", e.Message, StringComparison.Ordinal);
    }
}
