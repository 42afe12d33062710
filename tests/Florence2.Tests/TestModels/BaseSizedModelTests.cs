using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>
/// The base-sized preset and what the benchmarks build on it, checked without writing a base-sized folder (0.85 GB):
/// the preset's numbers against Florence-2-base's config, the long detection script, the vision layers on a tiny
/// model, and the parallel weight sampler against a plain sequential one.
/// </summary>
public sealed class BaseSizedModelTests
{
    [Fact]
    public void The_base_preset_has_florence_2_base_text_sizes()
    {
        var options = TinyModelOptions.Base;

        // microsoft/Florence-2-base config.json, text_config.
        Assert.Equal(768, options.DModel);
        Assert.Equal(6, options.EncoderLayers);
        Assert.Equal(6, options.DecoderLayers);
        Assert.Equal(12, options.Heads);
        Assert.Equal(64, options.HeadDim);
        Assert.Equal(3072, options.FfnDim);
        Assert.Equal(51289, options.VocabSize);
        Assert.Equal(1024, options.MaxPositionEmbeddings);
        Assert.Equal(577, options.ImageTokens);
        Assert.True(options.VisionLayers > 0);
        options.Validate();
    }

    [Fact]
    public void The_long_detection_script_has_five_tokens_per_box_and_no_repeated_trigram()
    {
        var answer = DetectionAnswers.Create(40);
        var ids = TestModelFolder.ScriptFor(answer);

        Assert.Equal(200, ids.Length);
        Assert.Equal(40, System.Text.RegularExpressions.Regex.Count(answer, "(car|person|dog|tree|building)(<loc_\\d+>){4}"));
        var trigrams = new HashSet<(int, int, int)>();
        for (var i = 0; i + 2 < ids.Length; i++)
        {
            Assert.True(trigrams.Add((ids[i], ids[i + 1], ids[i + 2])), $"3-gram at {i} repeats");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionAnswers.Create(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionAnswers.Create(DetectionAnswers.MaxObjects + 1));
    }

    [Fact]
    public void A_model_with_vision_layers_loads_and_answers_its_script()
    {
        var answer = DetectionAnswers.Create(3);
        using var folder = new TempModelFolder(new TinyModelOptions { VisionLayers = 2, Script = TestModelFolder.ScriptFor(answer) });
        using var model = Florence2Model.Load(folder.Path);

        var result = model.DetectObjects(TestImages.Input(640, 480));

        Assert.Equal("</s><s>" + answer + "</s>", result.RawText);
        Assert.Equal(["car", "person", "dog"], result.Detections.Select(d => d.Label));
    }

    [Fact]
    public void Weights_equal_a_sequential_box_muller_draw_across_odd_lengths()
    {
        // d_model 3: 51289 × 3 embedding samples is odd (the next tensor starts with the spare sine) and large enough
        // for the parallel path.
        var options = new TinyModelOptions { DModel = 3, Heads = 1, Seed = 77 };
        var weights = TinyWeights.Create(options);

        var reference = new SequentialBoxMuller(77);
        Assert.Equal(reference.Next(51289 * 3), weights.SharedEmbedding);
        Assert.Equal(reference.Next(3 * 3 * 32 * 32, 1.0 / Math.Sqrt(3 * 32 * 32)), weights.PatchConvWeight);
        Assert.Equal(reference.Next(3, 0.1), weights.PatchConvBias);
    }

    // The textbook form: one pair of uniforms per two samples, cosine first, sine kept for the next call.
    private sealed class SequentialBoxMuller(int seed)
    {
#pragma warning disable CA5394 // Reproducible test values.
        private readonly Random random = new(seed);
        private double? spare;

        public float[] Next(int count, double scale = 1.0)
        {
            var values = new float[count];
            for (var i = 0; i < count; i++)
            {
                double standard;
                if (spare is { } cached)
                {
                    spare = null;
                    standard = cached;
                }
                else
                {
                    var u1 = random.NextDouble();
                    var u2 = random.NextDouble();
                    var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u1));
                    spare = radius * Math.Sin(2.0 * Math.PI * u2);
                    standard = radius * Math.Cos(2.0 * Math.PI * u2);
                }
                values[i] = (float)(standard * scale);
            }
            return values;
        }
#pragma warning restore CA5394
    }
}
