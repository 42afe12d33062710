namespace Florence2.TestModels;

/// <summary>
/// The operators that read a weight, written in the <see cref="GraphBuilder.Encoding"/> of the graph: plain float32
/// MatMul/Conv/Gather, or the node patterns onnxruntime.quantization writes for the quantized variants. Each weight
/// is encoded once (the branches of the merged decoder share it); initializer names follow the reference quantizers
/// (<c>W_quantized</c>, <c>W_scale</c>, <c>W_zero_point</c>; <c>W_Q4</c>, <c>W_scales</c>).
/// </summary>
internal static class WeightOps
{
    /// <summary>The domain of ONNX Runtime's contrib operators.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>x · W for a constant row-major [<paramref name="k"/>, <paramref name="n"/>] weight named <paramref name="name"/>.</summary>
    public static string WeightMatMul(this GraphBuilder g, string x, string name, float[] weight, int k, int n) => g.Encoding.Weights switch
    {
        WeightEncoding.Dynamic8Bit => g.MatMulInteger(x, name, weight, k, n),
        WeightEncoding.Blockwise4Bit => g.MatMulNBits(x, name, weight, k, n),
        _ => g.MatMul(x, g.AddInitializer(name, weight, k, n)),
    };

    /// <summary>Rows <paramref name="indices"/> of a constant [<paramref name="rows"/>, <paramref name="width"/>] table.</summary>
    public static string WeightGather(this GraphBuilder g, string name, float[] table, int rows, int width, string indices)
    {
        if (g.Encoding.Weights != WeightEncoding.Dynamic8Bit)
        {
            return g.Gather(g.AddInitializer(name, table, rows, width), indices);
        }

        // quantize_dynamic quantizes a gathered table like an activation (uint8, asymmetric) and dequantizes the rows.
        var (values, scale, zeroPoint) = g.EightBitWeight(name, table, OnnxDataType.Uint8, rows, width);
        return g.AddNode("DequantizeLinear", [g.Gather(values, indices), scale, zeroPoint]);
    }

    /// <summary>A convolution (NCHW) by a constant weight [out, in/group, kh, kw] with a bias.</summary>
    public static string WeightConv(this GraphBuilder g, string x, string name, float[] weight, long[] weightDims, float[] bias, params OnnxAttribute[] attributes)
    {
        if (g.Encoding.Weights != WeightEncoding.Dynamic8Bit)
        {
            // MatMul4BitsQuantizer leaves convolutions in float32.
            var weightName = g.AddInitializer($"{name}.weight", weight, weightDims);
            return g.AddNode("Conv", [x, weightName, g.AddInitializer($"{name}.bias", bias, bias.Length)], attributes);
        }

        // ConvInteger's quantizer: the same scale product, then the bias reshaped to [1, C, 1, 1] and added.
        var (xq, xScale, xZeroPoint) = g.DynamicQuantize(x);
        var (w, wScale, wZeroPoint) = g.EightBitWeight($"{name}.weight", weight, g.Encoding.EightBitWeightType, weightDims);
        var accumulated = g.AddNode("ConvInteger", [xq, w, xZeroPoint, wZeroPoint], attributes);
        var scaled = g.Mul(g.Cast(accumulated, OnnxDataType.Float), g.Mul(xScale, wScale));
        return g.Add(scaled, g.Reshape(g.AddInitializer($"{name}.bias", bias, bias.Length), 1, -1, 1, 1));
    }

    // DynamicQuantizeLinear → MatMulInteger (int32) → Cast → Mul by x_scale · W_scale, as MatMulInteger's quantizer writes it.
    private static string MatMulInteger(this GraphBuilder g, string x, string name, float[] weight, int k, int n)
    {
        var (xq, xScale, xZeroPoint) = g.DynamicQuantize(x);
        var (w, wScale, wZeroPoint) = g.EightBitWeight(name, weight, g.Encoding.EightBitWeightType, k, n);
        var accumulated = g.AddNode("MatMulInteger", [xq, w, xZeroPoint, wZeroPoint]);
        return g.Mul(g.Cast(accumulated, OnnxDataType.Float), g.Mul(xScale, wScale));
    }

    private static string MatMulNBits(this GraphBuilder g, string x, string name, float[] weight, int k, int n)
    {
        var blockSize = VariantEncoding.FourBitBlockSize;
        var half = g.Encoding.HalfPrecisionMatMulNBits;
        var packedName = $"{name}_Q4";
        var scalesName = $"{name}_scales";
        if (!g.HasInitializer(packedName))
        {
            var blocks = FourBitBlocks.Quantize(weight, k, n, blockSize);
            g.AddInitializer(OnnxTensor.FromBytes(packedName, OnnxDataType.Uint8, blocks.Packed, n, blocks.BlockCount, blockSize / 2));
            g.AddInitializer(half
                ? OnnxTensor.FromHalfs(scalesName, blocks.Scales, blocks.Scales.Length)
                : OnnxTensor.FromFloats(scalesName, blocks.Scales, blocks.Scales.Length));
        }

        var input = half ? g.Cast(x, OnnxDataType.Float16) : x;
        OnnxAttribute[] attributes = [OnnxAttribute.Int("K", k), OnnxAttribute.Int("N", n), OnnxAttribute.Int("bits", 4), OnnxAttribute.Int("block_size", blockSize)];
        if (g.Encoding.AccuracyLevel is { } level)
        {
            attributes = [.. attributes, OnnxAttribute.Int("accuracy_level", level)];
        }
        var product = g.AddContribNode(MicrosoftDomain, "MatMulNBits", [input, packedName, scalesName], attributes);
        return half ? g.Cast(product, OnnxDataType.Float) : product;
    }

    // One DynamicQuantizeLinear per activation and graph, shared by its consumers (the q, k and v projections).
    private static (string Quantized, string Scale, string ZeroPoint) DynamicQuantize(this GraphBuilder g, string x)
    {
        var outputs = g.LocalValues($"DynamicQuantizeLinear:{x}", () => g.AddNode("DynamicQuantizeLinear", [x], 3));
        return (outputs[0], outputs[1], outputs[2]);
    }

    private static (string Values, string Scale, string ZeroPoint) EightBitWeight(this GraphBuilder g, string name, float[] weight, OnnxDataType type, params long[] dims)
    {
        var (values, scale, zeroPoint) = ($"{name}_quantized", $"{name}_scale", $"{name}_zero_point");
        if (!g.HasInitializer(values))
        {
            var quantized = EightBitTensor.Quantize(weight, type);
            g.AddInitializer(OnnxTensor.FromBytes(values, type, quantized.Values, dims));
            g.AddInitializer(OnnxTensor.FromFloats(scale, [quantized.Scale]));
            g.AddInitializer(OnnxTensor.FromBytes(zeroPoint, type, [quantized.ZeroPointByte]));
        }
        return (values, scale, zeroPoint);
    }
}
