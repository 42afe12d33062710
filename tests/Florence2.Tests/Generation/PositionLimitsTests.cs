using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Generation;

/// <summary>Nothing is silently truncated: inputs beyond the model's positions are refused with a clear error.</summary>
public sealed class PositionLimitsTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a cat") });
    private readonly Florence2Model _model;

    public PositionLimitsTests() => _model = Florence2Model.Load(_folder.Path);

    public void Dispose()
    {
        _model.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_prompt_longer_than_the_encoder_positions_is_refused()
    {
        // 577 image tokens leave 447 of 1024 positions; 500 words take more.
        var caption = string.Join(' ', Enumerable.Repeat("word", 500));

        var e = Assert.Throws<PromptTooLongException>(() => _model.Generate(TestImages.Input(), TaskTokens.CaptionToPhraseGrounding, caption));

        Assert.Contains("exceed the encoder's 1024 positions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_far_too_long_is_refused_from_its_length_with_a_lower_bound()
    {
        // 200,000 bytes need at least 1,563 tokens of at most 128 bytes: no tokenization can make them fit 447.
        var word = new string('x', 200_000);

        var e = Assert.Throws<PromptTooLongException>(() => _model.Generate(TestImages.Input(), TaskTokens.CaptionToPhraseGrounding, word));

        Assert.True(e.IsPromptTokenCountLowerBound);
        Assert.Equal(577, e.ImageTokenCount);
        Assert.InRange(e.PromptTokenCount, 1_563, 200_002);
        Assert.Equal("task", e.ParamName); // Run's parameter, the task that holds the text
        Assert.Contains("at least", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_new_tokens_than_decoder_positions_are_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _model.Generate(TestImages.Input(), TaskTokens.Caption, options: new GenerationOptions { MaxNewTokens = 1024 }));

        Assert.Contains("use at most 1023", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_model_says_so()
    {
        using var folder = new TempModelFolder(new TinyModelOptions());
        var model = Florence2Model.Load(folder.Path);
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Generate(TestImages.Input(), TaskTokens.Caption));
    }
}
