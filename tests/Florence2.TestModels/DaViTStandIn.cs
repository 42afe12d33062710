namespace Florence2.TestModels;

/// <summary>
/// The shape of a DaViT-like vision stand-in (Ding et al. 2022, as Florence-2 configures it): four stages, each a
/// strided convolution (kernels 7, 3, 3, 3; strides 4, 2, 2, 2; the later ones after a layer norm) followed by
/// <see cref="Depths"/> pairs of blocks — a spatial block (window attention over <see cref="WindowSize"/>²-token
/// windows) and a channel block (attention between channel groups over all tokens) — each block with depthwise
/// 3×3 convolutions as position encodings and a 4× MLP; then Florence-2's head: learned positions, the mean token put
/// first, a projection to d_model. Random weights: the cost and the data flow of the real encoder, not its features.
/// </summary>
/// <param name="Widths">Channels of the four stages.</param>
/// <param name="Depths">Spatial + channel block pairs per stage.</param>
/// <param name="Heads">Attention heads of the window attention = channel groups of the channel attention, per stage.</param>
/// <param name="WindowSize">Side of the attention windows in tokens; every stage's grid must be a multiple of it.</param>
public sealed record DaViTStandIn(IReadOnlyList<int> Widths, IReadOnlyList<int> Depths, IReadOnlyList<int> Heads, int WindowSize = 12)
{
    /// <summary>Kernel side, stride and padding of each stage's patch convolution (total stride 32).</summary>
    public static IReadOnlyList<(int Kernel, int Stride, int Padding)> PatchEmbeddings { get; } = [(7, 4, 3), (3, 2, 1), (3, 2, 1), (3, 2, 1)];

    /// <summary>Florence-2-base's DaViT: widths 128/256/512/1024, depths 1/1/9/1, 4/8/16/32 heads, windows of 12.</summary>
    public static DaViTStandIn Base { get; } = new([128, 256, 512, 1024], [1, 1, 9, 1], [4, 8, 16, 32]);

    /// <summary>The same structure at widths 8/16/32/64 and depth 1 per stage: cheap enough for unit tests.</summary>
    public static DaViTStandIn Miniature { get; } = new([8, 16, 32, 64], [1, 1, 1, 1], [2, 2, 4, 4]);

    /// <summary>Throws <see cref="ArgumentException"/> when the stand-in cannot be built for <paramref name="imageSize"/>.</summary>
    public void Validate(int imageSize)
    {
        if (Widths.Count != 4 || Depths.Count != 4 || Heads.Count != 4)
        {
            throw new ArgumentException("A DaViT stand-in has four stages: give four widths, depths and head counts.");
        }
        var side = imageSize;
        for (var stage = 0; stage < 4; stage++)
        {
            var (kernel, stride, padding) = PatchEmbeddings[stage];
            side = ((side + (2 * padding) - kernel) / stride) + 1;
            if (Widths[stage] <= 0 || Depths[stage] < 0 || Heads[stage] <= 0 || Widths[stage] % Heads[stage] != 0)
            {
                throw new ArgumentException($"Stage {stage}: the width must be a positive multiple of the head count, the depth not negative.");
            }
            if (WindowSize <= 0 || side % WindowSize != 0)
            {
                throw new ArgumentException($"Stage {stage}'s grid of {side}×{side} tokens is not a multiple of the window size {WindowSize}.");
            }
        }
    }
}
