namespace Florence2.TestModels;

/// <summary>
/// One DaViT stage: the patch convolution with its layer norm (over the input channels before it in later stages,
/// over the output channels after it in the first), then spatial and channel blocks alternating, spatial first.
/// </summary>
public sealed record DaViTStageWeights(ConvWeights PatchEmbedding, LayerNormWeights PatchNorm, IReadOnlyList<DaViTBlockWeights> Blocks);
