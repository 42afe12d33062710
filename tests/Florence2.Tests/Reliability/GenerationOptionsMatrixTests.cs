namespace Florence2.Tests.Reliability;

/// <summary>
/// The generation-settings rows of the bad-input matrix (docs/reliability.md): every invalid value is refused with
/// <see cref="ArgumentOutOfRangeException"/> naming the property, before the image is encoded.
/// </summary>
public sealed class GenerationOptionsMatrixTests(SmallModel small) : IClassFixture<SmallModel>
{
    public static TheoryData<GenerationOptions, string, string> BadOptions => new()
    {
        { new GenerationOptions { NumBeams = 0 }, "NumBeams", "1 (greedy) or more" },
        { new GenerationOptions { NumBeams = -3 }, "NumBeams", "1 (greedy) or more" },
        { new GenerationOptions { NumBeams = GenerationSettings.MaxNumBeams + 1 }, "NumBeams", $"at most {GenerationSettings.MaxNumBeams}" },
        { new GenerationOptions { NumBeams = int.MaxValue }, "NumBeams", $"at most {GenerationSettings.MaxNumBeams}" },
        { new GenerationOptions { MaxNewTokens = 0 }, "MaxNewTokens", "at least 1" },
        { new GenerationOptions { MaxNewTokens = -1 }, "MaxNewTokens", "at least 1" },
        { new GenerationOptions { MaxNewTokens = int.MaxValue }, "settings", "use at most 1023" },
        { new GenerationOptions { LengthPenalty = double.NaN }, "LengthPenalty", "finite" },
        { new GenerationOptions { LengthPenalty = double.NegativeInfinity }, "LengthPenalty", "finite" },
        { new GenerationOptions { NoRepeatNgramSize = -1 }, "NoRepeatNgramSize", "0 (off) or more" },
        { new GenerationOptions { EarlyStopping = (BeamStopping)42 }, "EarlyStopping", "Unknown BeamStopping" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void An_invalid_setting_is_refused_naming_it(GenerationOptions options, string parameter, string text)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => small.Model.Generate(SmallModel.Image(), TaskTokens.Caption, options: options));

        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void A_minimum_score_outside_0_to_1_is_refused(float minimum)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => small.Model.DetectObjects(SmallModel.Image(), new TaskOptions { MinimumScore = minimum }));

        Assert.Equal("MinimumScore", e.ParamName);
    }

    [Fact]
    public void Streaming_with_beams_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            small.Model.StreamTextAsync(SmallModel.Image(), TaskTokens.Caption, options: new GenerationOptions { NumBeams = 3 }).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());

        Assert.Contains("NumBeams = 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_beam_count_is_accepted()
    {
        var result = small.Model.Generate(SmallModel.Image(), TaskTokens.Caption,
            options: new GenerationOptions { NumBeams = GenerationSettings.MaxNumBeams, MaxNewTokens = 6 });

        Assert.Equal("a cat", result.Text.Replace("</s>", "", StringComparison.Ordinal).Replace("<s>", "", StringComparison.Ordinal));
    }
}
