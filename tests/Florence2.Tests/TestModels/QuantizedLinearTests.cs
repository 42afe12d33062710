using Florence2.TestModels;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Tests.TestModels;

/// <summary>
/// One weight MatMul in each encoding, run by ONNX Runtime, against a plain C# computation of what the format defines:
/// the quantized operands (DynamicQuantizeLinear's formula for the activation, the per-tensor or per-block weight codes)
/// multiplied exactly. A wrong layout (nibble order, block order, scale order, zero point) would miss by the size of
/// the weights, far beyond the float rounding allowed. The same runs stay within the worst-case error the quantization
/// steps allow against the fp32 product.
/// </summary>
public sealed class QuantizedLinearTests
{
    private const int Rows = 3;
    private const int K = 64;
    private const int N = 5;

    [Theory]
    [InlineData(TinyModelVariant.Int8)]
    [InlineData(TinyModelVariant.Uint8)]
    public void Eight_bit_matmul_equals_the_product_of_the_quantized_operands(TinyModelVariant variant)
    {
        var (x, w) = Operands(seed: 11);
        var signed = variant == TinyModelVariant.Int8;

        var actual = RunLinear(variant, x, w);

        var (xq, xScale) = DynamicQuantizeLinear(x);
        var (wq, wScale, worstWeightStep) = signed ? SymmetricInt8(w) : AsymmetricUint8(w);
        for (var row = 0; row < Rows; row++)
        {
            for (var j = 0; j < N; j++)
            {
                double expected = 0, magnitude = 0, worstCase = 0;
                for (var i = 0; i < K; i++)
                {
                    expected += xq[(row * K) + i] * xScale * wq[(i * N) + j] * wScale;
                    magnitude += Math.Abs(x[(row * K) + i] * w[(i * N) + j]);
                    // |x·Δw + Δx·w + Δx·Δw| with |Δw| ≤ step/2 and |Δx| ≤ xScale/2.
                    worstCase += (Math.Abs(x[(row * K) + i]) * worstWeightStep / 2) + (Math.Abs(w[(i * N) + j]) * xScale / 2) + (xScale * worstWeightStep / 4);
                }
                var got = actual[(row * N) + j];
                // Float accumulation, and one activation code off by one where x / scale lands on a rounding edge.
                Assert.True(Math.Abs(got - expected) <= (1e-5 * magnitude) + (2 * xScale * w.Max(Math.Abs)), $"[{row},{j}] {got} vs {expected}");
                Assert.True(Math.Abs(got - Exact(x, w, row, j)) <= worstCase, $"[{row},{j}] beyond the quantization bound");
            }
        }
    }

    [Theory]
    [InlineData(TinyModelVariant.Q4)]
    [InlineData(TinyModelVariant.Q4F16)]
    public void Four_bit_matmul_equals_the_product_with_the_dequantized_blocks(TinyModelVariant variant)
    {
        var (x, w) = Operands(seed: 12);
        var half = variant == TinyModelVariant.Q4F16;

        var actual = RunLinear(variant, x, w);

        var (dequantized, scales) = SymmetricFourBitBlocks(w, half);
        for (var row = 0; row < Rows; row++)
        {
            for (var j = 0; j < N; j++)
            {
                double expected = 0, magnitude = 0, worstCase = 0;
                for (var i = 0; i < K; i++)
                {
                    var xi = half ? (float)(Half)x[(row * K) + i] : x[(row * K) + i];
                    expected += xi * dequantized[(i * N) + j];
                    magnitude += Math.Abs(xi * dequantized[(i * N) + j]);
                    worstCase += Math.Abs(x[(row * K) + i]) * Math.Abs(scales[(j * (K / 32)) + (i / 32)]) / 2;
                }
                var got = actual[(row * N) + j];
                // float16 activations and output: a few float16 steps of the terms' size.
                var tolerance = half ? 2e-3 * magnitude : 1e-5 * magnitude;
                Assert.True(Math.Abs(got - expected) <= tolerance, $"[{row},{j}] {got} vs {expected}");
                Assert.True(Math.Abs(got - Exact(x, w, row, j)) <= worstCase + tolerance, $"[{row},{j}] beyond the quantization bound");
            }
        }
    }

    [Fact]
    public void Fp32_matmul_is_the_plain_product()
    {
        var (x, w) = Operands(seed: 13);
        var actual = RunLinear(TinyModelVariant.Fp32, x, w);
        for (var row = 0; row < Rows; row++)
        {
            for (var j = 0; j < N; j++)
            {
                Assert.Equal(Exact(x, w, row, j), actual[(row * N) + j], 4);
            }
        }
    }

    // x: [1, Rows, K] around N(0, 1) with one large value (so the activation range is uneven); w: [K, N] around N(0, 1/K).
    private static (float[] X, float[] W) Operands(int seed)
    {
        var random = new Random(seed);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var x = Enumerable.Range(0, Rows * K).Select(_ => Normal()).ToArray();
        x[7] = 6f;
        var w = Enumerable.Range(0, K * N).Select(_ => Normal() / MathF.Sqrt(K)).ToArray();
        return (x, w);
    }

    private static float[] RunLinear(TinyModelVariant variant, float[] x, float[] w)
    {
        var g = new GraphBuilder("linear", VariantEncoding.For(variant, moduleHasConv: false));
        var input = new FloatBoundary(g).FloatInput("x", 1, Rows, K);
        new FloatBoundary(g).FloatOutput("y", g.WeightMatMul(input, "w", w, K, N), 1, Rows, N);
        var model = new OnnxModel(g.Build(), new Dictionary<string, string>(), [.. g.ContribDomains]);

        using var session = new InferenceSession(model.ToBytes());
        var half = variant is TinyModelVariant.Q4F16;
        using var value = half
            ? OrtValue.CreateTensorValueFromMemory(x.Select(v => (Float16)v).ToArray(), [1, Rows, K])
            : OrtValue.CreateTensorValueFromMemory(x, [1, Rows, K]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [value], ["y"]);
        return HostTensor.CopyOf(outputs[0]).Data;
    }

    private static double Exact(float[] x, float[] w, int row, int j) =>
        Enumerable.Range(0, K).Sum(i => (double)x[(row * K) + i] * w[(i * N) + j]);

    // ONNX DynamicQuantizeLinear: range widened to include 0, scale = range / 255, zero point and codes rounded half to even.
    private static (double[] Centered, double Scale) DynamicQuantizeLinear(float[] x)
    {
        var min = Math.Min(0f, x.Min());
        var max = Math.Max(0f, x.Max());
        var scale = (max - min) / 255f;
        var zeroPoint = Math.Clamp(Math.Round(-min / scale, MidpointRounding.ToEven), 0, 255);
        return (x.Select(v => Math.Clamp(Math.Round(v / scale, MidpointRounding.ToEven) + zeroPoint, 0, 255) - zeroPoint).ToArray(), scale);
    }

    // quantize_dynamic's int8 weights: symmetric, scale = max |w| / 127, zero point 0.
    private static (double[] Centered, double Scale, double Step) SymmetricInt8(float[] w)
    {
        var scale = (float)(2.0 * w.Max(Math.Abs) / 254);
        return (w.Select(v => Math.Clamp(Math.Round(v / scale, MidpointRounding.ToEven), -127, 127)).ToArray(), scale, scale);
    }

    // quantize_dynamic's uint8 weights: asymmetric over [min(w, 0), max(w, 0)], scale = range / 255.
    private static (double[] Centered, double Scale, double Step) AsymmetricUint8(float[] w)
    {
        double low = Math.Min(0f, w.Min()), high = Math.Max(0f, w.Max());
        var scale = (high - low) / 255;
        var zeroPoint = Math.Round(-low / scale, MidpointRounding.ToEven);
        var scale32 = (float)scale;
        return (w.Select(v => Math.Clamp(Math.Round(v / scale32, MidpointRounding.ToEven) + zeroPoint, 0, 255) - zeroPoint).ToArray(), scale32, scale32);
    }

    // Symmetric 4-bit blocks of 32 along K per column: scale = (value of largest magnitude) / −8, code = round(w / scale) + 8.
    private static (float[] Dequantized, float[] Scales) SymmetricFourBitBlocks(float[] w, bool halfScales)
    {
        var blocks = K / 32;
        var dequantized = new float[K * N];
        var scales = new float[N * blocks];
        for (var j = 0; j < N; j++)
        {
            for (var b = 0; b < blocks; b++)
            {
                var column = Enumerable.Range(b * 32, 32).Select(i => w[(i * N) + j]).ToArray();
                var extreme = column.MaxBy(Math.Abs);
                var scale = extreme / -8f;
                var stored = halfScales ? (float)(Half)scale : scale;
                scales[(j * blocks) + b] = stored;
                for (var i = 0; i < 32; i++)
                {
                    var code = Math.Clamp(MathF.Round((column[i] * (1f / scale)) + 8f, MidpointRounding.AwayFromZero), 0f, 15f);
                    dequantized[(((b * 32) + i) * N) + j] = (code - 8f) * stored;
                }
            }
        }
        return (dequantized, scales);
    }
}
