using System.Buffers.Binary;

namespace Florence2.TestModels;

/// <summary>
/// Counts the arithmetic of a graph from the graph itself: shapes are propagated node by node from fixed input shapes
/// (static shape inference for the operators the generator writes), and every matrix product and convolution adds
/// 2 FLOPs per multiply-add — MatMul, MatMulInteger and MatMulNBits: 2·K per output element; Conv and ConvInteger:
/// 2·(C_in / group)·k_h·k_w per output element. Elementwise operators, normalization and softmax are not counted.
/// An operator it cannot follow throws, so a count never silently skips part of a graph.
/// </summary>
internal static class GraphFlops
{
    /// <summary>The FLOPs of one run of <paramref name="graph"/> on inputs of <paramref name="inputShapes"/>.</summary>
    public static FlopCount Count(OnnxGraph graph, IReadOnlyDictionary<string, long[]> inputShapes)
    {
        var shapes = new Dictionary<string, long[]>(inputShapes);
        var constants = new Dictionary<string, long[]>();
        foreach (var initializer in graph.Initializers)
        {
            shapes[initializer.Name] = [.. initializer.Dims];
            if (initializer.DataType == OnnxDataType.Int64)
            {
                constants[initializer.Name] = Int64s(initializer.RawData);
            }
        }

        long matMul = 0, conv = 0;
        foreach (var node in graph.Nodes)
        {
            long[] In(int i) => shapes.TryGetValue(node.Inputs[i], out var shape)
                ? shape
                : throw new InvalidOperationException($"{node.Name}: the shape of '{node.Inputs[i]}' is unknown.");
            IReadOnlyList<long> Ints(string name) => node.Attributes.FirstOrDefault(a => a.Name == name)?.IntValues ?? [];
            long Int(string name, long fallback) => node.Attributes.FirstOrDefault(a => a.Name == name)?.IntValue ?? fallback;

            long[] output;
            switch (node.OpType)
            {
                case "MatMul" or "MatMulInteger":
                    output = [.. Broadcast(In(0)[..^2], In(1)[..^2]), In(0)[^2], In(1)[^1]];
                    matMul += 2 * In(0)[^1] * Product(output);
                    break;
                case "MatMulNBits":
                    output = [.. In(0)[..^1], Int("N", 0)];
                    matMul += 2 * Int("K", 0) * Product(output);
                    break;
                case "Conv" or "ConvInteger":
                    output = ConvOutput(In(0), In(1), Ints("strides"), Ints("pads"));
                    conv += 2 * Product(output) * In(1)[1] * In(1)[2] * In(1)[3];
                    break;
                case "Add" or "Sub" or "Mul" or "Div":
                    output = Broadcast(In(0), In(1));
                    break;
                case "Erf" or "Cast" or "Softmax" or "LayerNormalization" or "Identity" or "DequantizeLinear":
                    output = In(0);
                    break;
                case "DynamicQuantizeLinear":
                    shapes[node.Outputs[1]] = [];
                    shapes[node.Outputs[2]] = [];
                    output = In(0);
                    break;
                case "Reshape":
                    output = Reshaped(In(0), constants[node.Inputs[1]]);
                    break;
                case "Transpose":
                    output = [.. Ints("perm").Select(axis => In(0)[axis])];
                    break;
                case "Gather":
                    output = [.. In(1), .. In(0)[1..]];
                    break;
                case "Concat":
                    var axis = (int)Int("axis", 0);
                    output = [.. In(0)];
                    axis = axis < 0 ? axis + output.Length : axis;
                    output[axis] = node.Inputs.Sum(input => shapes[input][axis]);
                    break;
                case "ReduceMean":
                    output = [.. In(0)];
                    foreach (var reduced in Ints("axes"))
                    {
                        output[reduced < 0 ? reduced + output.Length : reduced] = 1;
                    }
                    break;
                default:
                    throw new NotSupportedException($"{node.Name}: GraphFlops does not follow {node.OpType} nodes.");
            }
            shapes[node.Outputs[0]] = output;
        }
        return new FlopCount(matMul, conv);
    }

    private static long[] ConvOutput(long[] x, long[] w, IReadOnlyList<long> strides, IReadOnlyList<long> pads)
    {
        long Stride(int i) => strides.Count > i ? strides[i] : 1;
        long Pad(int i) => pads.Count > 0 ? pads[i] + pads[i + 2] : 0;
        return [x[0], w[0], ((x[2] + Pad(0) - w[2]) / Stride(0)) + 1, ((x[3] + Pad(1) - w[3]) / Stride(1)) + 1];
    }

    // ONNX Reshape: 0 copies the input dimension, -1 takes what is left.
    private static long[] Reshaped(long[] input, long[] target)
    {
        var output = target.Select((d, i) => d == 0 ? input[i] : d).ToArray();
        var inferred = Array.IndexOf(output, -1L);
        if (inferred >= 0)
        {
            output[inferred] = Product(input) / -Product(output);
        }
        return output;
    }

    private static long[] Broadcast(long[] a, long[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var output = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            output[i] = da == 1 ? db : db == 1 || db == da ? da : throw new InvalidOperationException($"Shapes [{string.Join(", ", a)}] and [{string.Join(", ", b)}] do not broadcast.");
        }
        return output;
    }

    private static long Product(long[] shape) => shape.Aggregate(1L, (p, d) => p * d);

    private static long[] Int64s(byte[] raw)
    {
        var values = new long[raw.Length / sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * sizeof(long)));
        }
        return values;
    }
}

/// <summary>FLOPs (2 per multiply-add) in matrix products and in convolutions.</summary>
internal readonly record struct FlopCount(long MatMul, long Conv)
{
    public long Total => MatMul + Conv;
}
