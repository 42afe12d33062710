using System.Net;
using Florence2.Generation;
using Florence2.Testing;
using Florence2.Tests.Samples.WebApi;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Reliability;

/// <summary>
/// Faults of the model, not of the caller (issue 12): logits that are not numbers and parts that do not fit together
/// are a <see cref="ModelFaultException"/>, which a service answers as a server error, never as "invalid input".
/// </summary>
public sealed class ModelFaultTests
{
    private static readonly GenerationSettings Settings = new()
    {
        NumBeams = 1, MaxNewTokens = 8, LengthPenalty = 1, EarlyStopping = BeamStopping.Heuristic, NoRepeatNgramSize = 0,
        DecoderStartTokenId = 2, ForcedBosTokenId = null, ForcedEosTokenId = null, EosTokenId = 2,
    };

    [Theory]
    [InlineData(float.NaN, false)]
    [InlineData(float.PositiveInfinity, false)]
    [InlineData(float.NegativeInfinity, true)] // one −∞ logit is a banned token; a row of nothing but −∞ leaves no token
    public void Logits_that_are_not_numbers_are_a_model_fault_in_greedy_search(float poison, bool wholeRow)
    {
        using var decoder = new PoisonedDecoder(poison, rows: 1, wholeRow);
        var e = Assert.Throws<ModelFaultException>(() => GreedySearch.Run(decoder, Settings, onToken: null, CancellationToken.None));
        Assert.Contains("not numbers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logits_that_are_not_numbers_are_a_model_fault_in_beam_search()
    {
        using var decoder = new PoisonedDecoder(float.NaN, rows: 3, wholeRow: false);
        Assert.Throws<ModelFaultException>(() => BeamSearch.Run(decoder, Settings with { NumBeams = 3 }, CancellationToken.None));
    }

    [Fact]
    public void Image_tokens_that_fill_every_position_are_a_model_fault_not_a_long_prompt()
    {
        using var folder = new TempModelFolder(new TinyModelOptions { ImageSize = 64 });
        using var model = Florence2Model.Create(folder.Path, new WideVisionEncoder(tokens: 4000, dimension: 32), new NeverCalledTextDecoder());

        var e = Assert.Throws<ModelFaultException>(() => model.Caption(TestImages.Input(64, 64)));
        Assert.Contains("4000 image tokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_sample_answers_a_model_fault_with_a_server_error()
    {
        var model = new RecordingFlorence2Model(_ => throw new ModelFaultException("The decoder returned logits that are not numbers."));
        await using var app = await RunningWebApp.StartAsync([], model);

        using var response = await app.Client.PostAsync("/v1/caption", new ByteArrayContent(TestImages.Png(32, 32))
        {
            Headers = { ContentType = new("image/png") },
        });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Model fault", body, StringComparison.Ordinal);
        Assert.Contains("not numbers", body, StringComparison.Ordinal);
    }

    /// <summary>A decoder whose every logit row holds one poisoned value, or nothing else.</summary>
    private sealed class PoisonedDecoder(float poison, int rows, bool wholeRow) : IStepDecoder
    {
        private readonly float[] _logits = Poisoned(poison, rows, wholeRow);

        public int VocabularySize => 16;

        public ReadOnlySpan<float> Step(ReadOnlySpan<long> tokens, CancellationToken cancellationToken) => _logits.AsSpan(0, tokens.Length * VocabularySize);

        public void ReorderRows(ReadOnlySpan<int> sources)
        {
        }

        public void Dispose()
        {
        }

        private static float[] Poisoned(float poison, int rows, bool wholeRow)
        {
            var logits = new float[rows * 16];
            if (wholeRow)
            {
                Array.Fill(logits, poison);
                return logits;
            }

            for (var r = 0; r < rows; r++)
            {
                logits[(r * 16) + 5] = poison;
            }

            return logits;
        }
    }

    private sealed class WideVisionEncoder(int tokens, int dimension) : IVisionEncoder
    {
        public int FeatureDimension => dimension;

        public ImageFeatures Encode(ImageInput image, CancellationToken cancellationToken = default) =>
            new(new float[tokens * dimension], tokens, dimension, new ImageSize(64, 64));

        public void Dispose()
        {
        }
    }

    private sealed class NeverCalledTextDecoder : ITextDecoder
    {
        public int MaxEncoderLength => 1024;

        public GeneratedSequence Generate(ImageFeatures imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings, Action<int>? onToken = null,
            CancellationToken cancellationToken = default) => throw new InvalidOperationException("The position check must come first.");

        public void Dispose()
        {
        }
    }
}
