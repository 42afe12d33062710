using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests;

/// <summary>
/// The whole pipeline on scripted models: whatever answer the decoder is scripted to give must come out of
/// <see cref="Florence2Model.Generate"/> token for token, through image preprocessing, the vision encoder, the
/// tokenizer, the encoder, the cached decoder, beam search and detokenization.
/// </summary>
public sealed class Florence2ModelTests
{
    [Theory]
    [InlineData("<CAPTION>", null, "a red car parked on a street", 3)]
    [InlineData("<CAPTION>", null, "a red car parked on a street", 1)]
    [InlineData("<OD>", null, "car<loc_53><loc_333><loc_933><loc_774>wheel<loc_149><loc_584><loc_310><loc_773>", 3)]
    [InlineData("<OPEN_VOCABULARY_DETECTION>", "a green car", "a green car<loc_52><loc_332><loc_932><loc_774>", 2)]
    public void The_scripted_answer_comes_out_of_the_full_pipeline(string task, string? text, string answer, int beams)
    {
        var script = TestModelFolder.ScriptFor(answer);
        using var folder = new TempModelFolder(new TinyModelOptions { Script = script });
        using var model = Florence2Model.Load(folder.Path);

        var result = model.Generate(TestImages.Input(640, 480), task, text, new GenerationOptions { NumBeams = beams });

        Assert.Equal("</s><s>" + answer + "</s>", result.Text);
        Assert.Equal([2, 0, .. script, 2], result.GeneratedTokenIds);
        Assert.Equal(new ImageSize(640, 480), result.ImageSize);
        Assert.Equal(0, result.PromptTokenIds[0]);
        Assert.Equal(2, result.PromptTokenIds[^1]);
        Assert.Equal(result.GeneratedTokenIds.Count - 1, result.Timings.DecoderSteps);
    }

    [Fact]
    public void The_model_defaults_come_from_generation_config()
    {
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a cat"), NumBeams = 2, EarlyStopping = false, NoRepeatNgramSize = 4 });
        using var model = Florence2Model.Load(folder.Path);

        var defaults = model.Info.DefaultGenerationSettings;

        Assert.Equal(2, defaults.NumBeams);
        Assert.Equal(BeamStopping.Heuristic, defaults.EarlyStopping);
        Assert.Equal(4, defaults.NoRepeatNgramSize);
        Assert.Equal(2, defaults.DecoderStartTokenId);
        Assert.Equal(0, defaults.ForcedBosTokenId);
        Assert.Equal(2, defaults.ForcedEosTokenId);
        Assert.Equal(1023, defaults.MaxNewTokens);
    }

    [Fact]
    public void Fp16_files_give_the_same_answer_as_fp32_files()
    {
        const string answer = "two people riding bicycles<loc_10><loc_20><loc_300><loc_400>";
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor(answer), WriteFp16Variants = true });
        using var model = Florence2Model.Load(folder.Path, new Florence2ModelOptions { Variants = ModelVariants.All(ModelVariant.Fp16) });

        var result = model.Generate(TestImages.Input(), TaskTokens.Caption);

        Assert.Equal("</s><s>" + answer + "</s>", result.Text);
    }

    [Fact]
    public void The_answer_stops_at_max_new_tokens_with_a_forced_eos()
    {
        const string answer = "one two three four five six seven eight";
        var script = TestModelFolder.ScriptFor(answer);
        using var folder = new TempModelFolder(new TinyModelOptions { Script = script });
        using var model = Florence2Model.Load(folder.Path);

        var result = model.Generate(TestImages.Input(), TaskTokens.Caption, options: new GenerationOptions { MaxNewTokens = 5, NumBeams = 1 });

        // max_length = 6: start, forced <s>, three scripted tokens, then the forced </s>.
        Assert.Equal([2, 0, script[0], script[1], script[2], 2], result.GeneratedTokenIds);
    }

    [Fact]
    public void A_cancelled_token_stops_the_call()
    {
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a cat") });
        using var model = Florence2Model.Load(folder.Path);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => model.Generate(TestImages.Input(), TaskTokens.Caption, cancellationToken: cancel.Token));
    }
}
