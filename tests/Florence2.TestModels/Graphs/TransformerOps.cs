namespace Florence2.TestModels;

/// <summary>
/// BART building blocks expressed with <see cref="GraphOps"/>; weights become root initializers named after their role,
/// stored as the graph's <see cref="GraphBuilder.Encoding"/> says (<see cref="WeightOps"/>).
/// </summary>
internal static class TransformerOps
{
    // Added to the score of a key that must not be attended: exp() of it underflows to exactly 0 without producing NaN.
    private const float MaskedScore = -1e9f;

    public static string Linear(this GraphBuilder g, string x, string name, LinearWeights w) =>
        g.Add(g.WeightMatMul(x, $"{name}.weight", w.Weight, w.In, w.Out), g.AddInitializer($"{name}.bias", w.Bias, w.Out));

    public static string LayerNorm(this GraphBuilder g, string x, string name, LayerNormWeights w) =>
        g.LayerNormalization(x, g.AddInitializer($"{name}.weight", w.Scale, w.Scale.Length), g.AddInitializer($"{name}.bias", w.Bias, w.Bias.Length));

    /// <summary>[B, T, D] → [B, H, T, D/H].</summary>
    public static string SplitHeads(this GraphBuilder g, string x, TinyModelOptions o) =>
        g.Transpose(g.Reshape(x, 0, 0, o.Heads, o.HeadDim), 0, 2, 1, 3);

    /// <summary>[B, H, T, D/H] → [B, T, D].</summary>
    public static string MergeHeads(this GraphBuilder g, string x, TinyModelOptions o) =>
        g.Reshape(g.Transpose(x, 0, 2, 1, 3), 0, 0, o.DModel);

    /// <summary>softmax(q·kᵀ/√h + mask)·v over heads [B, H, T, h]; the mask broadcasts to [B, H, Tq, Tk] (null: attend to every key).</summary>
    public static string Attend(this GraphBuilder g, string queries, string keys, string values, string? additiveMask, TinyModelOptions o)
    {
        var scaled = g.Mul(queries, g.FloatScalar(1f / MathF.Sqrt(o.HeadDim)));
        var scores = g.MatMul(scaled, g.Transpose(keys, 0, 1, 3, 2));
        if (additiveMask is not null)
        {
            scores = g.Add(scores, additiveMask);
        }
        return g.MatMul(g.SoftmaxLastAxis(scores), values);
    }

    /// <summary>The output projection of attended heads.</summary>
    public static string ProjectHeads(this GraphBuilder g, string heads, string name, AttentionWeights w, TinyModelOptions o) =>
        g.Linear(g.MergeHeads(heads, o), $"{name}.out_proj", w.Output);

    /// <summary>fc2(gelu(fc1(x))).</summary>
    public static string FeedForward(this GraphBuilder g, string x, string name, LinearWeights fc1, LinearWeights fc2) =>
        g.Linear(g.Gelu(g.Linear(x, $"{name}.fc1", fc1)), $"{name}.fc2", fc2);

    /// <summary>An int64 padding mask [B, T] (1 = attend) as additive scores [B, 1, 1, T].</summary>
    public static string PaddingMask(this GraphBuilder g, string mask)
    {
        var blocked = g.Sub(g.FloatScalar(1f), g.Cast(mask, OnnxDataType.Float));
        return g.Unsqueeze(g.Mul(blocked, g.FloatScalar(MaskedScore)), 1, 2);
    }

    /// <summary>Additive scores [Tq, Tk] letting the query at absolute position p see the keys at positions 0..p.</summary>
    public static string CausalMask(this GraphBuilder g, string queryPositions, string keyCount)
    {
        var keyPositions = g.Range(g.Int64Scalar(0), keyCount);
        var future = g.Greater(keyPositions, g.Unsqueeze(queryPositions, 1));
        return g.Mul(g.Cast(future, OnnxDataType.Float), g.FloatScalar(MaskedScore));
    }

    /// <summary>Adds the learned BART positions (row = position + 2) for the 1-D int64 <paramref name="positions"/>.</summary>
    public static string AddPositions(this GraphBuilder g, string x, string positions, string tableName, float[] table, TinyModelOptions o)
    {
        var rows = o.MaxPositionEmbeddings + 2;
        return g.Add(x, g.WeightGather(tableName, table, rows, o.DModel, g.Add(positions, g.Int64Scalar(2))));
    }
}
