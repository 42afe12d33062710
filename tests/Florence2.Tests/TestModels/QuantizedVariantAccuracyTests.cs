using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>
/// Each quantized module, run through a plain ONNX Runtime session, against the fp32 module on the same inputs (the
/// fp32 pipeline's image, prompt and encoder states), on the random-weight folder where nothing forces the outputs.
/// </summary>
/// <remarks>
/// The bound comes from the quantization step sizes. Rounding to a step s leaves an error uniform in ±s/2, of RMS
/// s/√12; relative to the weights' RMS that is ε_w, computed here from the fp32 weights and the format's definition
/// (int8: s = max|W|/127; uint8: s = (max − min)/255; q4: s = max|block|/8 per block of 32 along K). The 8-bit
/// variants also round activations to 1/255 of their range at run time; with a range of at most 12 RMS that adds
/// ε_x = 12/(255·√12) ≈ 1.4 %. A linear layer then errs by about ε = √(ε_w² + ε_x²) of its output, and the independent
/// errors of the L quantized layers on an output's path add in quadrature: relative RMS error ≤ √L · ε_max. (On these
/// random weights the measured errors are a quarter to a half of that bound.) Greedy token ids of the scripted model are
/// compared in <see cref="QuantizedVariantLoadingTests"/>, where the script's margins dwarf these errors.
/// </remarks>
public sealed class QuantizedVariantAccuracyTests(QuantizedModelFolder folder) : IClassFixture<QuantizedModelFolder>
{
    private const double ActivationStep = 12 / (255 * 3.4641016151377544);
    private static readonly long[] PromptIds = [0, 1000, 2000, 3000, 2];

    public static TheoryData<TinyModelVariant> QuantizedVariants =>
        [TinyModelVariant.Quantized, TinyModelVariant.Int8, TinyModelVariant.Uint8, TinyModelVariant.Q4, TinyModelVariant.Q4F16];

    private TinyModelOptions Options => folder.Options;

    [Theory]
    [MemberData(nameof(QuantizedVariants))]
    public void Vision_encoder_agrees_with_fp32_within_the_quantization_bound(TinyModelVariant variant)
    {
        var pixels = Pixels(seed: 3);
        var weights = TinyWeights.Create(Options);
        var linears = weights.VisionLayers.SelectMany(EncoderLinears).ToList();
        // The patch convolution is quantized by the 8-bit variants only (MatMul4BitsQuantizer leaves Conv alone).
        List<double> steps = [.. linears.Select(l => RelativeStep(l.Weight, l.In, l.Out, variant))];
        if (IsEightBit(variant))
        {
            steps.Add(RelativeStep(weights.PatchConvWeight, weights.PatchConvWeight.Length, 1, variant));
        }

        AssertWithinBound(folder.Sessions(TinyModelVariant.Fp32).EncodeImage(pixels).Data, folder.Sessions(variant).EncodeImage(pixels).Data, steps, variant);
    }

    [Theory]
    [MemberData(nameof(QuantizedVariants))]
    public void Embed_tokens_stay_within_half_a_step_of_fp32_and_are_exact_in_4_bit(TinyModelVariant variant)
    {
        var table = TinyWeights.Create(Options).SharedEmbedding;
        var expected = folder.Sessions(TinyModelVariant.Fp32).EmbedTokens(PromptIds).Data;
        var actual = folder.Sessions(variant).EmbedTokens(PromptIds).Data;

        if (!IsEightBit(variant))
        {
            // The table stays float32; q4f16 only rounds the output to float16.
            var tolerance = variant == TinyModelVariant.Q4F16 ? expected.Max(Math.Abs) / 1024 : 0;
            Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= tolerance));
            return;
        }

        // quantize_dynamic reads gathered tables as uint8 over [min, max]: every value within half a step.
        var step = (Math.Max(0, table.Max()) - Math.Min(0, table.Min())) / 255.0;
        Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= (step / 2) * 1.0001));
        Assert.True(expected.Zip(actual).Any(pair => pair.First != pair.Second), "the table must be quantized");
    }

    [Theory]
    [MemberData(nameof(QuantizedVariants))]
    public void Text_encoder_agrees_with_fp32_within_the_quantization_bound(TinyModelVariant variant)
    {
        var (merged, mask) = EncoderInputs();
        var weights = TinyWeights.Create(Options);
        var steps = weights.EncoderLayers.SelectMany(EncoderLinears).Select(l => RelativeStep(l.Weight, l.In, l.Out, variant)).ToList();
        AddPositionTable(steps, weights.EncoderPositions, variant);

        AssertWithinBound(folder.Sessions(TinyModelVariant.Fp32).EncodeText(merged, mask).Data, folder.Sessions(variant).EncodeText(merged, mask).Data, steps, variant);
    }

    [Theory]
    [MemberData(nameof(QuantizedVariants))]
    public void Decoder_logits_of_the_first_and_a_cached_step_agree_with_fp32_within_the_quantization_bound(TinyModelVariant variant)
    {
        var fp32 = folder.Sessions(TinyModelVariant.Fp32);
        var quantized = folder.Sessions(variant);
        var (merged, mask) = EncoderInputs();
        var hidden = fp32.EncodeText(merged, mask);
        var start = fp32.EmbedTokens(2);
        var weights = TinyWeights.Create(Options);
        var lmHead = new LinearWeights(Options.DModel, Options.VocabSize, Transposed(weights.SharedEmbedding, Options.VocabSize, Options.DModel), new float[Options.VocabSize]);

        // Step 0, without past: every projection of every layer, and the LM head.
        var step0 = fp32.Decode(hidden, mask, start, past: null);
        var firstSteps = weights.DecoderLayers.SelectMany(DecoderLinears).Append(lmHead).Select(l => RelativeStep(l.Weight, l.In, l.Out, variant)).ToList();
        AddPositionTable(firstSteps, weights.DecoderPositions, variant);
        AssertWithinBound(step0["logits"].Data, quantized.Decode(hidden, mask, start, past: null)["logits"].Data, firstSteps, variant);

        // Step 1 from the fp32 cache: the cross-attention keys and values come from the cache, not from projections.
        var past = step0.Where(p => p.Key.StartsWith("present.", StringComparison.Ordinal)).ToDictionary(p => "past_key_values." + p.Key["present.".Length..], p => p.Value);
        var next = fp32.EmbedTokens(0);
        var cachedSteps = weights.DecoderLayers.SelectMany(l => DecoderLinears(l).Where(w => w != l.CrossAttention.Key && w != l.CrossAttention.Value))
            .Append(lmHead).Select(l => RelativeStep(l.Weight, l.In, l.Out, variant)).ToList();
        AddPositionTable(cachedSteps, weights.DecoderPositions, variant);
        AssertWithinBound(fp32.Decode(hidden, mask, next, past)["logits"].Data, quantized.Decode(hidden, mask, next, past)["logits"].Data, cachedSteps, variant);
    }

    private static void AssertWithinBound(float[] expected, float[] actual, List<double> weightSteps, TinyModelVariant variant)
    {
        var activation = IsEightBit(variant) ? ActivationStep : 0;
        var perLayer = weightSteps.Max(s => Math.Sqrt((s * s) + (activation * activation)));
        var bound = Math.Sqrt(weightSteps.Count) * perLayer;
        var error = RelativeRms(expected, actual);

        Assert.True(error <= bound, $"relative RMS error {error:F4} exceeds the bound {bound:F4} ({weightSteps.Count} quantized layers, ε {perLayer:F4})");
        // And the file really is quantized: the error is of the order of one layer's rounding, not zero.
        Assert.True(error >= perLayer / 4, $"relative RMS error {error:F4} is far below one layer's rounding ({perLayer:F4})");
    }

    // The RMS of the rounding error (step / √12) relative to the RMS of the weight, for a row-major [k, n] weight.
    private static double RelativeStep(float[] w, int k, int n, TinyModelVariant variant)
    {
        var rms = Math.Sqrt(w.Average(v => (double)v * v));
        double meanSquaredStep;
        switch (variant)
        {
            case TinyModelVariant.Int8:
            case TinyModelVariant.Quantized:
                meanSquaredStep = Math.Pow(w.Max(Math.Abs) / 127.0, 2);
                break;
            case TinyModelVariant.Uint8:
                meanSquaredStep = Math.Pow((Math.Max(0, w.Max()) - Math.Min(0, w.Min())) / 255.0, 2);
                break;
            default:
                double sum = 0;
                for (var column = 0; column < n; column++)
                {
                    for (var start = 0; start < k; start += 32)
                    {
                        var rows = Math.Min(32, k - start);
                        var blockMax = Enumerable.Range(start, rows).Max(row => Math.Abs(w[(row * n) + column]));
                        sum += rows * Math.Pow(blockMax / 8.0, 2);
                    }
                }
                meanSquaredStep = sum / w.Length;
                break;
        }
        return Math.Sqrt(meanSquaredStep / 12) / rms;
    }

    // The 8-bit variants read the learned positions as a uint8 table (one more quantized layer on the path).
    private static void AddPositionTable(List<double> steps, float[] table, TinyModelVariant variant)
    {
        if (IsEightBit(variant))
        {
            steps.Add(RelativeStep(table, table.Length, 1, TinyModelVariant.Uint8));
        }
    }

    private static bool IsEightBit(TinyModelVariant variant) => variant is TinyModelVariant.Quantized or TinyModelVariant.Int8 or TinyModelVariant.Uint8;

    private static IEnumerable<LinearWeights> EncoderLinears(EncoderLayerWeights l) =>
        [l.SelfAttention.Query, l.SelfAttention.Key, l.SelfAttention.Value, l.SelfAttention.Output, l.FeedForwardIn, l.FeedForwardOut];

    private static IEnumerable<LinearWeights> DecoderLinears(DecoderLayerWeights l) =>
        [l.SelfAttention.Query, l.SelfAttention.Key, l.SelfAttention.Value, l.SelfAttention.Output,
         l.CrossAttention.Query, l.CrossAttention.Key, l.CrossAttention.Value, l.CrossAttention.Output, l.FeedForwardIn, l.FeedForwardOut];

    private static float[] Transposed(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = matrix[(r * columns) + c];
            }
        }
        return result;
    }

    // [fp32 image features ; fp32 prompt embeddings] and the all-ones mask, as the fp32 pipeline would feed the encoder.
    private (HostTensor Merged, long[] Mask) EncoderInputs()
    {
        var fp32 = folder.Sessions(TinyModelVariant.Fp32);
        var image = fp32.EncodeImage(Pixels(seed: 4));
        var prompt = fp32.EmbedTokens(PromptIds);
        var tokens = Options.ImageTokens + PromptIds.Length;
        return (new HostTensor([.. image.Data, .. prompt.Data], [1, tokens, Options.DModel]), Enumerable.Repeat(1L, tokens).ToArray());
    }

    private static double RelativeRms(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var error = expected.Zip(actual, (a, b) => (double)(a - b) * (a - b)).Sum();
        return Math.Sqrt(error / expected.Sum(a => (double)a * a));
    }

    private static HostTensor Pixels(int seed)
    {
        var random = new Random(seed);
        return new HostTensor(Enumerable.Range(0, 3 * 768 * 768).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray(), [1, 3, 768, 768]);
    }
}
