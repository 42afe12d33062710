namespace Florence2.TestModels;

/// <summary>One post-LN BART decoder layer: causal self-attention, cross-attention and feed-forward, each followed by a layer norm.</summary>
public sealed record DecoderLayerWeights(
    AttentionWeights SelfAttention,
    LayerNormWeights SelfAttentionNorm,
    AttentionWeights CrossAttention,
    LayerNormWeights CrossAttentionNorm,
    LinearWeights FeedForwardIn,
    LinearWeights FeedForwardOut,
    LayerNormWeights FinalNorm)
{
    internal static DecoderLayerWeights Random(GaussianSource source, TinyModelOptions options) => new(
        AttentionWeights.Random(source, options.DModel),
        LayerNormWeights.Identity(options.DModel),
        AttentionWeights.Random(source, options.DModel),
        LayerNormWeights.Identity(options.DModel),
        LinearWeights.Random(source, options.DModel, options.FfnDim),
        LinearWeights.Random(source, options.FfnDim, options.DModel),
        LayerNormWeights.Identity(options.DModel));
}
