using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Reliability;

/// <summary>
/// Item 4 of the reliability issue: the encoder input (image tokens + prompt tokens) and the decoder sequence (start
/// token + MaxNewTokens) never exceed max_position_embeddings. Exactly at the limit runs; one over is refused with a
/// typed exception before ONNX Runtime sees it. The model has 32 positions and 5 image tokens (64×64 images), and its
/// script is longer than 32 tokens, so the decoder really runs to its last position.
/// </summary>
public sealed class PositionLimitTests : IDisposable
{
    private const int Positions = 32;
    private const int ImageTokens = 5;

    private readonly TempModelFolder _folder = new(new TinyModelOptions
    {
        ImageSize = 64,
        MaxPositionEmbeddings = Positions,
        Script = TestModelFolder.ScriptFor(string.Join(' ', Enumerable.Repeat("word", 60))),
    });

    private readonly Florence2Model _model;

    public PositionLimitTests() => _model = Florence2Model.Load(_folder.Path, TestDecoders.Options());

    public void Dispose()
    {
        _model.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_prompt_that_fills_the_encoder_exactly_runs()
    {
        var result = _model.Generate(TestImages.Input(64, 64), "word", Words(Positions - ImageTokens - 3), Greedy(4));

        Assert.Equal(Positions - ImageTokens, result.PromptTokenIds.Count);
        Assert.NotEmpty(result.GeneratedTokenIds);
    }

    [Fact]
    public void One_prompt_token_more_is_refused_with_the_counts()
    {
        var e = Assert.Throws<PromptTooLongException>(() =>
            _model.Generate(TestImages.Input(64, 64), "word", Words(Positions - ImageTokens - 2), Greedy(4)));

        Assert.Equal(ImageTokens, e.ImageTokenCount);
        Assert.Equal(Positions - ImageTokens + 1, e.PromptTokenCount);
        Assert.Equal(Positions, e.MaxPositions);
        Assert.Equal(1, e.Excess);
        Assert.Contains("exceed the encoder's 32 positions", e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 27 tokens", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(e);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_decoder_sequence_that_fills_every_position_runs(int beams)
    {
        var result = _model.Generate(TestImages.Input(64, 64), TaskTokens.Caption, options: new GenerationOptions { NumBeams = beams, MaxNewTokens = Positions - 1 });

        // The start token plus 31 new ones: every one of the 32 positions, the last one a forced </s>.
        Assert.True(result.IsTruncated);
        Assert.Equal(Positions - 1, result.GeneratedTokenIds.Count - 1);
    }

    [Fact]
    public void One_new_token_more_is_refused_before_the_image_is_encoded()
    {
        // An image that cannot be decoded proves the refusal comes first: otherwise it would be an InvalidImageException.
        var notAnImage = ImageInput.FromBytes(new byte[] { 1, 2, 3 });

        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _model.Generate(notAnImage, TaskTokens.Caption, options: new GenerationOptions { MaxNewTokens = Positions }));

        Assert.Equal(Positions, e.ActualValue);
        Assert.Contains("exceeds the decoder's 32 positions", e.Message, StringComparison.Ordinal);
        Assert.Contains("use at most 31", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_max_new_tokens_fits_a_small_model()
    {
        Assert.Equal(Positions - 1, _model.Info.DefaultGenerationSettings.MaxNewTokens);
    }

    // "word" + n × " word": n + 1 BPE tokens (GPT-2 has "word" and "Ġword"), n + 3 with <s> and </s>.
    private static string Words(int n) => string.Concat(Enumerable.Repeat(" word", n));

    private static GenerationOptions Greedy(int maxNewTokens) => new() { NumBeams = 1, MaxNewTokens = maxNewTokens };
}
