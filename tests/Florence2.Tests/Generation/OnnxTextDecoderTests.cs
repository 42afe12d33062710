using Florence2.Model;
using Florence2.Generation;
using Florence2.Imaging;
using Florence2.Runtime;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Florence2.Tokenization;
using Florence2.Vision;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Tests.Generation;

/// <summary>
/// The library's cached decode against <see cref="ReferencePipeline"/> (no cache, the whole sequence every step)
/// driven by <see cref="PlainBeamSearch"/>, on a random-weight model where different tokens win at different
/// steps. Fed the same pixels, both must pick the same tokens; a corrupted cache must change them.
/// </summary>
public sealed class OnnxTextDecoderTests : IClassFixture<OnnxTextDecoderTests.Fixture>
{
    private readonly Fixture _f;

    public OnnxTextDecoderTests(Fixture fixture) => _f = fixture;

    [Fact]
    public void Cached_greedy_decode_gives_the_tokens_of_a_cache_free_decode()
    {
        var settings = Fixture.Settings(numBeams: 1, maxNewTokens: 16);

        var cached = _f.Decoder.Generate(_f.Features, _f.Prompt, settings);
        var (reference, referenceScores) = PlainBeamSearch.GreedyWithScores(_f.NextLogits, Plain(settings));

        Assert.Equal(reference, cached.TokenIds.Select(t => (long)t));
        AssertClose(referenceScores, cached.TokenLogProbs);
        Assert.True(cached.IsTruncated, "16 new tokens of a random model end at the limit");
        Assert.True(cached.TokenIds.Distinct().Count() >= 6, "the random model should produce varied tokens");
    }

    [Theory]
    [InlineData(0, 3)] // layer 0 decoder key at step 3
    [InlineData(3, 2)] // layer 1 decoder value at step 2
    [InlineData(4, 4)] // layer 0 encoder key (kept from step 0) at step 4
    public void A_corrupted_cache_changes_the_tokens(int cacheInput, int atStep)
    {
        var settings = Fixture.Settings(numBeams: 1, maxNewTokens: 16);
        var clean = _f.Decoder.Generate(_f.Features, _f.Prompt, settings).TokenIds;
        try
        {
            _f.Decoder.BeforeDecoderStep = (step, inputs) =>
            {
                if (step == atStep)
                {
                    // Inputs: 4 fixed, then past decoder key/value per layer, then past encoder key/value per layer.
                    inputs[4 + cacheInput].GetTensorMutableDataAsSpan<float>().Clear();
                }
            };

            var corrupted = _f.Decoder.Generate(_f.Features, _f.Prompt, settings).TokenIds;

            Assert.NotEqual(clean, corrupted);
            Assert.Equal(clean.Take(atStep + 1), corrupted.Take(atStep + 1));
        }
        finally
        {
            _f.Decoder.BeforeDecoderStep = null;
        }
    }

    [Theory]
    [InlineData(2, BeamStopping.WhenBeamsFinished, 1.0)]
    [InlineData(3, BeamStopping.WhenBeamsFinished, 1.0)]
    [InlineData(3, BeamStopping.Heuristic, 1.0)]
    [InlineData(3, BeamStopping.Never, 2.0)]
    [InlineData(2, BeamStopping.Heuristic, 0.5)]
    public void Beam_search_matches_a_plain_cache_free_beam_search(int beams, BeamStopping stopping, double lengthPenalty)
    {
        var settings = Fixture.Settings(numBeams: beams, maxNewTokens: 10) with { EarlyStopping = stopping, LengthPenalty = lengthPenalty };

        var cached = _f.Decoder.Generate(_f.Features, _f.Prompt, settings);
        var (tokens, score, tokenScores) = PlainBeamSearch.Beam(_f.NextLogits, Plain(settings));

        Assert.Equal(tokens, cached.TokenIds.Select(t => (long)t));
        Assert.Equal(score, cached.Score, 4);
        AssertClose(tokenScores, cached.TokenLogProbs);
    }

    [Theory]
    [InlineData(2, BeamStopping.WhenBeamsFinished)]
    [InlineData(3, BeamStopping.Heuristic)]
    [InlineData(3, BeamStopping.Never)]
    public void Beam_search_matches_when_beams_compete_and_finish_early(int beams, BeamStopping stopping)
    {
        // A weak script makes EOS likely at several lengths, so hypotheses finish before the length limit.
        var settings = Fixture.Settings(numBeams: beams, maxNewTokens: 12) with { EarlyStopping = stopping };

        var cached = _f.WeakDecoder.Generate(_f.WeakFeatures, _f.Prompt, settings);
        var (tokens, score, tokenScores) = PlainBeamSearch.Beam(_f.WeakNextLogits, Plain(settings));

        Assert.Equal(tokens, cached.TokenIds.Select(t => (long)t));
        Assert.Equal(score, cached.Score, 4);
        AssertClose(tokenScores, cached.TokenLogProbs);
        Assert.False(cached.IsTruncated, "the weak script should end before the length limit");
    }

    [Fact]
    public void Beam_search_finds_a_sequence_greedy_decoding_misses_on_the_weak_script_model()
    {
        // Guards the beam tests against passing trivially (beam search collapsing to greedy).
        var greedy = _f.WeakDecoder.Generate(_f.WeakFeatures, _f.Prompt, Fixture.Settings(numBeams: 1, maxNewTokens: 12));
        var beam = _f.WeakDecoder.Generate(_f.WeakFeatures, _f.Prompt, Fixture.Settings(numBeams: 3, maxNewTokens: 12));

        Assert.NotEqual(greedy.TokenIds, beam.TokenIds);
    }

    private static void AssertClose(List<double> expected, IReadOnlyList<float> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-3, $"token {i}: expected log-prob {expected[i]}, got {actual[i]}");
        }
    }

    private static PlainBeamSearch.Settings Plain(GenerationSettings s) => new(
        s.NumBeams, s.MaxNewTokens, s.LengthPenalty,
        s.EarlyStopping switch { BeamStopping.WhenBeamsFinished => "true", BeamStopping.Heuristic => "false", _ => "never" },
        s.NoRepeatNgramSize);

    public sealed class Fixture : IDisposable
    {
        private readonly TempModelFolder _random = new(new TinyModelOptions { Seed = 7 });
        private readonly TempModelFolder _weak = new(new TinyModelOptions
        {
            // Chosen by probing seeds and biases: beams then differ from greedy and finish at different lengths.
            Seed = 15,
            Script = TestModelFolder.ScriptFor("a dog on a red sofa"),
            ScriptBias = 27f,
        });

        private readonly ReferencePipeline _reference;
        private readonly ReferencePipeline _weakReference;
        private readonly OnnxVisionEncoder _vision;
        private readonly OnnxVisionEncoder _weakVision;
        private readonly (float[] Hidden, int Length, int Dim) _encoded;
        private readonly (float[] Hidden, int Length, int Dim) _weakEncoded;

        public Fixture()
        {
            var options = _random.Options;
            var tokenizer = FlorenceTokenizer.Load(_random.Path);
            Prompt = tokenizer.Encode("What does the image describe?");
            (Decoder, _vision) = Open(_random.Path);
            (WeakDecoder, _weakVision) = Open(_weak.Path);

            var image = TestImages.Input(500, 300);
            Features = _vision.Encode(image);
            WeakFeatures = _weakVision.Encode(image);

            // The oracle gets the same pixels (preprocessing is tested on its own) and runs every ONNX file itself.
            var preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, new ImageDecodingOptions(), TestDecoders.ImageSharp);
            var pixels = new float[3 * 768 * 768];
            preprocessor.Preprocess(image, pixels, CancellationToken.None);
            _reference = new ReferencePipeline(_random.Path, options.DecoderLayers, options.Heads, options.HeadDim);
            _weakReference = new ReferencePipeline(_weak.Path, options.DecoderLayers, options.Heads, options.HeadDim);
            _encoded = _reference.Encode(pixels, 768, 768, Prompt);
            _weakEncoded = _weakReference.Encode(pixels, 768, 768, Prompt);
        }

        internal OnnxTextDecoder Decoder { get; }

        internal OnnxTextDecoder WeakDecoder { get; }

        public ImageFeatures Features { get; }

        public ImageFeatures WeakFeatures { get; }

        public int[] Prompt { get; }

        public float[] NextLogits(List<long> sequence) => _reference.NextLogits(_encoded.Hidden, _encoded.Length, _encoded.Dim, sequence);

        public float[] WeakNextLogits(List<long> sequence) => _weakReference.NextLogits(_weakEncoded.Hidden, _weakEncoded.Length, _weakEncoded.Dim, sequence);

        public static GenerationSettings Settings(int numBeams, int maxNewTokens) => new()
        {
            NumBeams = numBeams,
            MaxNewTokens = maxNewTokens,
            LengthPenalty = 1.0,
            EarlyStopping = BeamStopping.WhenBeamsFinished,
            NoRepeatNgramSize = 3,
            DecoderStartTokenId = 2,
            ForcedBosTokenId = 0,
            ForcedEosTokenId = 2,
            EosTokenId = 2,
        };

        public void Dispose()
        {
            Decoder.Dispose();
            WeakDecoder.Dispose();
            _vision.Dispose();
            _weakVision.Dispose();
            _reference.Dispose();
            _weakReference.Dispose();
            _random.Dispose();
            _weak.Dispose();
        }

        private static (OnnxTextDecoder, OnnxVisionEncoder) Open(string path)
        {
            var folder = ModelFolder.Open(path);
            var text = TextModelConfig.Load(JsonConfigFile.Load(folder.ConfigPath));
            var sessions = new SessionFactory(folder, new Florence2ModelOptions().ToRuntimeSettings());
            return (OnnxTextDecoder.Open(text, sessions),
                OnnxVisionEncoder.Open(sessions, ImagePreprocessingSettings.Load(JsonConfigFile.Load(folder.PreprocessorConfigPath)), new ImageDecodingOptions(), text.DModel));
        }
    }
}
