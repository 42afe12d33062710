namespace Florence2.TestModels;

/// <summary>One post-LN BART encoder layer: self-attention and feed-forward, each followed by a layer norm.</summary>
public sealed record EncoderLayerWeights(
    AttentionWeights SelfAttention,
    LayerNormWeights SelfAttentionNorm,
    LinearWeights FeedForwardIn,
    LinearWeights FeedForwardOut,
    LayerNormWeights FinalNorm)
{
    internal static EncoderLayerWeights Random(GaussianSource source, TinyModelOptions options) => new(
        AttentionWeights.Random(source, options.DModel),
        LayerNormWeights.Identity(options.DModel),
        LinearWeights.Random(source, options.DModel, options.FfnDim),
        LinearWeights.Random(source, options.FfnDim, options.DModel),
        LayerNormWeights.Identity(options.DModel));
}
