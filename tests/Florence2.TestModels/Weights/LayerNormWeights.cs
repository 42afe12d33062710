namespace Florence2.TestModels;

/// <summary>Scale and bias of a layer normalization (scale 1 and bias 0, as freshly initialized).</summary>
public sealed record LayerNormWeights(float[] Scale, float[] Bias)
{
    internal static LayerNormWeights Identity(int width) => new(Enumerable.Repeat(1f, width).ToArray(), new float[width]);
}
