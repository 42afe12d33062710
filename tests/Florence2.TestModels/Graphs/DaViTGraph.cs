namespace Florence2.TestModels;

/// <summary>
/// The <see cref="DaViTStandIn"/> vision encoder up to the final layer norm: four stages of patch convolution and
/// spatial/channel block pairs over tokens [B, N, C], then learned positions, the mean token first and the
/// projection to d_model. Written with the same operators a PyTorch export of Florence-2's DaViT produces (Conv with
/// groups for the position encodings, Reshape/Transpose for windows and heads, MatMul, Softmax, LayerNormalization).
/// </summary>
internal static class DaViTGraph
{
    /// <summary>pixels [1, 3, S, S] → features [1, 577, d_model], not yet normalized.</summary>
    public static string Features(GraphBuilder g, string pixels, DaViTWeights w, DaViTStandIn config, TinyModelOptions o)
    {
        var side = o.ImageSize;
        var channels = 3;
        var x = pixels;
        for (var stage = 0; stage < 4; stage++)
        {
            var name = $"vision.stages.{stage}";
            var weights = w.Stages[stage];
            var (kernel, stride, padding) = DaViTStandIn.PatchEmbeddings[stage];
            // The first stage normalizes after its convolution, the others before (on the previous stage's tokens).
            var image = stage == 0 ? pixels : ToImage(g, g.LayerNorm(x, $"{name}.patch_norm", weights.PatchNorm), channels, side);
            var grid = g.WeightConv(image, $"{name}.patch_embed", weights.PatchEmbedding.Weight, weights.PatchEmbedding.Dims, weights.PatchEmbedding.Bias,
                OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride),
                OnnxAttribute.Ints("pads", padding, padding, padding, padding));
            side = ((side + (2 * padding) - kernel) / stride) + 1;
            channels = config.Widths[stage];
            x = ToTokens(g, grid, channels);
            if (stage == 0)
            {
                x = g.LayerNorm(x, $"{name}.patch_norm", weights.PatchNorm);
            }

            for (var block = 0; block < weights.Blocks.Count; block++)
            {
                var blockName = $"{name}.blocks.{block}";
                var b = weights.Blocks[block];
                x = PositionConv(g, x, $"{blockName}.attention_position", b.AttentionPosition, channels, side);
                var normalized = g.LayerNorm(x, $"{blockName}.attention_norm", b.AttentionNorm);
                var attended = block % 2 == 0
                    ? WindowAttention(g, normalized, blockName, b, channels, config.Heads[stage], side, config.WindowSize)
                    : ChannelAttention(g, normalized, blockName, b, channels, config.Heads[stage], side * side);
                x = g.Add(x, attended);
                x = PositionConv(g, x, $"{blockName}.feed_forward_position", b.FeedForwardPosition, channels, side);
                x = g.Add(x, g.FeedForward(g.LayerNorm(x, $"{blockName}.feed_forward_norm", b.FeedForwardNorm), blockName, b.FeedForwardIn, b.FeedForwardOut));
            }
        }

        // Florence-2's head: positions, then [mean token; tokens] (pooled first) projected to d_model.
        x = g.Add(x, g.AddInitializer("vision.image_pos_embed", w.Positions, side * side, channels));
        var features = g.Concat(1, g.ReduceMeanKeepDims(x, 1), x);
        return g.WeightMatMul(features, "vision.image_projection", w.Projection, channels, o.DModel);
    }

    // x + depthwise 3×3 convolution of x (DaViT's ConvPosEnc).
    private static string PositionConv(GraphBuilder g, string x, string name, ConvWeights w, int channels, int side)
    {
        var conv = g.WeightConv(ToImage(g, x, channels, side), name, w.Weight, w.Dims, w.Bias,
            OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Int("group", channels));
        return g.Add(x, ToTokens(g, conv, channels));
    }

    // Self-attention inside non-overlapping windows of window² tokens, heads of width C / heads.
    private static string WindowAttention(GraphBuilder g, string x, string name, DaViTBlockWeights w, int channels, int heads, int side, int window)
    {
        var blocks = side / window;
        var windows = g.Reshape(g.Transpose(g.Reshape(x, -1, blocks, window, blocks, window, channels), 0, 1, 3, 2, 4, 5), -1, window * window, channels);
        var (q, k, v) = SplitQueryKeyValue(g, g.Linear(windows, $"{name}.qkv", w.QueryKeyValue), heads, channels / heads);
        var scores = g.MatMul(g.Mul(q, g.FloatScalar(1f / MathF.Sqrt(channels / heads))), g.Transpose(k, 0, 1, 3, 2));
        var attended = g.MatMul(g.SoftmaxLastAxis(scores), v);
        var merged = g.Reshape(g.Transpose(attended, 0, 2, 1, 3), 0, 0, channels);
        var projected = g.Linear(merged, $"{name}.proj", w.Output);
        return g.Reshape(g.Transpose(g.Reshape(projected, -1, blocks, blocks, window, window, channels), 0, 1, 3, 2, 4, 5), -1, side * side, channels);
    }

    // Attention between the C / groups channels of each group, over all N tokens: scores [groups, C/g, C/g].
    private static string ChannelAttention(GraphBuilder g, string x, string name, DaViTBlockWeights w, int channels, int groups, int tokens)
    {
        var (q, k, v) = SplitQueryKeyValue(g, g.Linear(x, $"{name}.qkv", w.QueryKeyValue), groups, channels / groups);
        var scaled = g.Mul(q, g.FloatScalar(1f / MathF.Sqrt(tokens)));
        var scores = g.MatMul(g.Transpose(scaled, 0, 1, 3, 2), k);
        var attended = g.MatMul(g.SoftmaxLastAxis(scores), g.Transpose(v, 0, 1, 3, 2));
        var merged = g.Reshape(g.Transpose(attended, 0, 3, 1, 2), 0, 0, channels);
        return g.Linear(merged, $"{name}.proj", w.Output);
    }

    // [B, T, 3C] → q, k, v of [B, heads, T, C / heads].
    private static (string Q, string K, string V) SplitQueryKeyValue(GraphBuilder g, string qkv, int heads, int headWidth)
    {
        var split = g.Transpose(g.Reshape(qkv, 0, 0, 3, heads, headWidth), 2, 0, 3, 1, 4);
        return (g.Gather(split, g.Int64Scalar(0)), g.Gather(split, g.Int64Scalar(1)), g.Gather(split, g.Int64Scalar(2)));
    }

    // [B, N, C] → [B, C, side, side].
    private static string ToImage(GraphBuilder g, string tokens, int channels, int side) =>
        g.Reshape(g.Transpose(tokens, 0, 2, 1), 0, channels, side, side);

    // [B, C, h, w] → [B, h·w, C].
    private static string ToTokens(GraphBuilder g, string image, int channels) =>
        g.Transpose(g.Reshape(image, 0, channels, -1), 0, 2, 1);
}
