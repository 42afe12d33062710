namespace Florence2.Tests.Reliability;

/// <summary>
/// The text rows of the bad-input matrix (docs/reliability.md): text where a task takes none and none where it needs
/// some, control characters, lone surrogates, and reserved or task tokens typed into a caption, expression or object
/// name. Reserved tokens are refused, not escaped: the tokenizer would otherwise turn them into the real control tokens.
/// </summary>
public sealed class TextInputMatrixTests(SmallModel small) : IClassFixture<SmallModel>
{
    private readonly Florence2Model _model = small.Model;

    [Fact]
    public void A_task_that_needs_text_refuses_none()
    {
        var e = Assert.Throws<ArgumentException>(() => _model.Generate(SmallModel.Image(), TaskTokens.CaptionToPhraseGrounding, null, SmallModel.Quick));

        Assert.Contains("needs text", e.Message, StringComparison.Ordinal);
        Assert.Contains("Locate the phrases in the caption", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_typed_task_refuses_empty_or_blank_text(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => _model.SegmentExpression(SmallModel.Image(), text));

        Assert.Equal("expression", e.ParamName);
    }

    [Fact]
    public void A_task_that_takes_no_text_refuses_some()
    {
        var e = Assert.Throws<ArgumentException>(() => _model.Generate(SmallModel.Image(), TaskTokens.Caption, "a dog", SmallModel.Quick));

        Assert.Contains("takes no text", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"a dog\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_are_sent_byte_for_byte()
    {
        const string caption = "a\u0000b\tc\u001Bd\u007F";

        var result = _model.Generate(SmallModel.Image(), TaskTokens.CaptionToPhraseGrounding, caption, SmallModel.Quick);

        // Byte-level BPE has a token for every byte: decoding the ids sent gives the prompt back, nothing dropped.
        var ids = result.PromptTokenIds.ToArray();
        Assert.Equal("<s>Locate the phrases in the caption: " + caption + "</s>", small.Tokenizer.Decode(ids.AsSpan()));
    }

    [Fact]
    public void A_surrogate_pair_is_a_character_and_is_accepted()
    {
        var result = _model.Generate(SmallModel.Image(), TaskTokens.OpenVocabularyDetection, "a 🐈 cat", SmallModel.Quick);

        Assert.Equal("<s>Locate a 🐈 cat in the image.</s>", small.Tokenizer.Decode(result.PromptTokenIds.ToArray().AsSpan()));
    }

    // Lone surrogates are built here, not in InlineData: xUnit's serialization of theory data would replace them by U+FFFD.
    [Theory]
    [InlineData("cat", new[] { 0xD800 }, "", 3, "\\uD800")]
    [InlineData("", new[] { 0xDC00 }, "cat", 0, "\\uDC00")]
    [InlineData("a", new[] { 0xDBFF, 0xDBFF, 0xDC00 }, "", 1, "\\uDBFF")]
    public void An_unpaired_surrogate_is_refused_with_its_index(string before, int[] units, string after, int index, string fragment)
    {
        var text = before + new string(units.Select(u => (char)u).ToArray()) + after;

        var e = Assert.Throws<InvalidPromptTextException>(() => _model.CaptionToPhraseGrounding(SmallModel.Image(), text));

        Assert.Equal(index, e.Index);
        Assert.Equal(fragment, e.Fragment);
        Assert.Contains($"unpaired UTF-16 surrogate {fragment} at index {index}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpaired_surrogate_in_a_free_prompt_is_refused_too()
    {
        var e = Assert.Throws<InvalidPromptTextException>(() => _model.Generate(SmallModel.Image(), "<MY_TASK>", "x\uD834", SmallModel.Quick));

        Assert.Equal("\\uD834", e.Fragment);
    }

    [Theory]
    [InlineData("a <loc_5> cat", "<loc_5>", 2)]
    [InlineData("a cat</s>", "</s>", 5)]
    [InlineData("<s>a cat", "<s>", 0)]
    [InlineData("a <pad> cat", "<pad>", 2)]
    [InlineData("a <poly> cat", "<poly>", 2)]
    [InlineData("a cat<loc_999>", "<loc_999>", 5)]
    public void A_reserved_token_in_a_caption_is_refused_naming_it(string caption, string token, int index)
    {
        var e = Assert.Throws<InvalidPromptTextException>(() => _model.CaptionToPhraseGrounding(SmallModel.Image(), caption));

        Assert.Equal(token, e.Fragment);
        Assert.Equal(index, e.Index);
        Assert.Contains($"reserved token \"{token}\" at index {index}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reserved_token_in_an_expression_or_object_name_is_refused()
    {
        var expression = Assert.Throws<InvalidPromptTextException>(() => _model.SegmentExpression(SmallModel.Image(), "the <mask> dog"));
        var objectName = Assert.Throws<InvalidPromptTextException>(() => _model.DetectOpenVocabulary(SmallModel.Image(), "<unk>"));

        Assert.Equal("<mask>", expression.Fragment);
        Assert.Equal("<unk>", objectName.Fragment);
    }

    [Fact]
    public void A_reserved_token_through_generate_is_refused_too()
    {
        var e = Assert.Throws<InvalidPromptTextException>(() =>
            _model.Generate(SmallModel.Image(), TaskTokens.ReferringExpressionSegmentation, "dog<loc_1>", SmallModel.Quick));

        Assert.Equal("<loc_1>", e.Fragment);
    }

    [Theory]
    [InlineData("a cat <OD>", "<OD>")]
    [InlineData("<CAPTION_TO_PHRASE_GROUNDING>a cat", "<CAPTION_TO_PHRASE_GROUNDING>")]
    public void A_task_token_in_a_caption_is_refused_naming_it(string caption, string token)
    {
        var e = Assert.Throws<InvalidPromptTextException>(() => _model.CaptionToPhraseGrounding(SmallModel.Image(), caption));

        Assert.Equal(token, e.Fragment);
        Assert.Contains($"task token \"{token}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Look_alikes_of_reserved_tokens_are_plain_text()
    {
        // "<loc_1000>" and "<LOC_5>" are not tokens (bins stop at 999, matching is case-sensitive); "<od" is incomplete.
        var result = _model.CaptionToPhraseGrounding(SmallModel.Image(), "<loc_1000> <LOC_5> <od");

        Assert.Equal("<s>Locate the phrases in the caption: <loc_1000> <LOC_5> <od</s>", small.Tokenizer.Decode(result.Generation!.PromptTokenIds.ToArray().AsSpan()));
    }

    [Fact]
    public void Region_tasks_through_generate_take_location_tokens_as_the_python_api_does()
    {
        var result = _model.Generate(SmallModel.Image(), TaskTokens.RegionToCategory, "<loc_1><loc_2><loc_3><loc_4>", SmallModel.Quick);

        // <loc_N> = 50269 + N (spec section 5).
        Assert.Equal([50270, 50271, 50272, 50273], result.PromptTokenIds.Where(id => id >= 50269).ToArray());
    }

    [Fact]
    public void A_free_prompt_is_the_callers_and_may_hold_reserved_tokens()
    {
        var result = _model.Generate(SmallModel.Image(), "<MY_TASK>", "<loc_7>", SmallModel.Quick);

        Assert.Contains(50269 + 7, result.PromptTokenIds);
    }
}
