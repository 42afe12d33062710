namespace Florence2.TestModels;

/// <summary>Opset-17 operators as one-line calls on a <see cref="GraphBuilder"/>; each returns its output's name.</summary>
internal static class GraphOps
{
    /// <summary>Matrix product with NumPy broadcasting.</summary>
    public static string MatMul(this GraphBuilder g, string a, string b) => g.AddNode("MatMul", [a, b]);

    /// <summary>Elementwise sum.</summary>
    public static string Add(this GraphBuilder g, string a, string b) => g.AddNode("Add", [a, b]);

    /// <summary>Elementwise difference.</summary>
    public static string Sub(this GraphBuilder g, string a, string b) => g.AddNode("Sub", [a, b]);

    /// <summary>Elementwise product.</summary>
    public static string Mul(this GraphBuilder g, string a, string b) => g.AddNode("Mul", [a, b]);

    /// <summary>Elementwise minimum.</summary>
    public static string Min(this GraphBuilder g, string a, string b) => g.AddNode("Min", [a, b]);

    /// <summary>Elementwise <c>a &gt; b</c>.</summary>
    public static string Greater(this GraphBuilder g, string a, string b) => g.AddNode("Greater", [a, b]);

    /// <summary>Elementwise error function.</summary>
    public static string Erf(this GraphBuilder g, string x) => g.AddNode("Erf", [x]);

    /// <summary>Element type conversion.</summary>
    public static string Cast(this GraphBuilder g, string x, OnnxDataType to) =>
        g.AddNode("Cast", [x], OnnxAttribute.Int("to", (long)to));

    /// <summary>Reshape to <paramref name="shape"/> (0 copies the input dimension, -1 is inferred).</summary>
    public static string Reshape(this GraphBuilder g, string x, params long[] shape) => g.AddNode("Reshape", [x, g.Int64s(shape)]);

    /// <summary>Axis permutation.</summary>
    public static string Transpose(this GraphBuilder g, string x, params long[] perm) =>
        g.AddNode("Transpose", [x], OnnxAttribute.Ints("perm", perm));

    /// <summary>Concatenation along <paramref name="axis"/>.</summary>
    public static string Concat(this GraphBuilder g, long axis, params string[] parts) =>
        g.AddNode("Concat", parts, OnnxAttribute.Int("axis", axis));

    /// <summary>Inserts size-1 axes.</summary>
    public static string Unsqueeze(this GraphBuilder g, string x, params long[] axes) => g.AddNode("Unsqueeze", [x, g.Int64s(axes)]);

    /// <summary>Softmax over the last axis.</summary>
    public static string SoftmaxLastAxis(this GraphBuilder g, string x) => g.AddNode("Softmax", [x], OnnxAttribute.Int("axis", -1));

    /// <summary>Mean over <paramref name="axis"/>, keeping it with size 1.</summary>
    public static string ReduceMeanKeepDims(this GraphBuilder g, string x, long axis) =>
        g.AddNode("ReduceMean", [x], OnnxAttribute.Ints("axes", axis), OnnxAttribute.Int("keepdims", 1));

    /// <summary>Picks entries of <paramref name="data"/> along axis 0.</summary>
    public static string Gather(this GraphBuilder g, string data, string indices) => g.AddNode("Gather", [data, indices]);

    /// <summary>The size of one axis of <paramref name="x"/>, as a 0-dimensional int64.</summary>
    public static string DimSize(this GraphBuilder g, string x, long axis) =>
        g.Gather(g.AddNode("Shape", [x]), g.Int64Scalar(axis));

    /// <summary>The int64 sequence start, start+1, …, limit-1 (scalar bounds).</summary>
    public static string Range(this GraphBuilder g, string start, string limit) => g.AddNode("Range", [start, limit, g.Int64Scalar(1)]);

    /// <summary>Layer normalization over the last axis (epsilon 1e-5, as BART).</summary>
    public static string LayerNormalization(this GraphBuilder g, string x, string scale, string bias) =>
        g.AddNode("LayerNormalization", [x, scale, bias], OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f));

    /// <summary>Exact GELU, 0.5·x·(1 + erf(x/√2)); opset 17 has no Gelu operator.</summary>
    public static string Gelu(this GraphBuilder g, string x)
    {
        var erf = g.Erf(g.Mul(x, g.FloatScalar(1f / MathF.Sqrt(2f))));
        return g.Mul(g.Mul(x, g.FloatScalar(0.5f)), g.Add(erf, g.FloatScalar(1f)));
    }
}
