namespace Florence2.TestModels;

/// <summary>
/// One DaViT block (spatial or channel): a depthwise position convolution, the attention (qkv and output projections,
/// pre-norm), a second position convolution, and the MLP (pre-norm).
/// </summary>
public sealed record DaViTBlockWeights(
    ConvWeights AttentionPosition,
    LayerNormWeights AttentionNorm,
    LinearWeights QueryKeyValue,
    LinearWeights Output,
    ConvWeights FeedForwardPosition,
    LayerNormWeights FeedForwardNorm,
    LinearWeights FeedForwardIn,
    LinearWeights FeedForwardOut)
{
    internal static DaViTBlockWeights Random(GaussianSource source, int width) => new(
        ConvWeights.Random(source, width, 1, 3),
        LayerNormWeights.Identity(width),
        LinearWeights.Random(source, width, 3 * width),
        LinearWeights.Random(source, width, width),
        ConvWeights.Random(source, width, 1, 3),
        LayerNormWeights.Identity(width),
        LinearWeights.Random(source, width, 4 * width),
        LinearWeights.Random(source, 4 * width, width));
}
