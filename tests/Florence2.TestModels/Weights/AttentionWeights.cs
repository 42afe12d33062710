namespace Florence2.TestModels;

/// <summary>Query, key, value and output projections of one multi-head attention block.</summary>
public sealed record AttentionWeights(LinearWeights Query, LinearWeights Key, LinearWeights Value, LinearWeights Output)
{
    internal static AttentionWeights Random(GaussianSource source, int width) => new(
        LinearWeights.Random(source, width, width),
        LinearWeights.Random(source, width, width),
        LinearWeights.Random(source, width, width),
        LinearWeights.Random(source, width, width));
}
