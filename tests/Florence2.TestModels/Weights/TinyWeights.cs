namespace Florence2.TestModels;

/// <summary>
/// Every weight of a tiny model, drawn once from <see cref="TinyModelOptions.Seed"/>. The shared embedding
/// [VocabSize, DModel] (row-major) feeds <c>embed_tokens</c> and is the tied LM head of the decoder.
/// </summary>
public sealed record TinyWeights(
    float[] SharedEmbedding,
    float[] PatchConvWeight,
    float[] PatchConvBias,
    float[] ImagePositions,
    LayerNormWeights ImageNorm,
    float[] EncoderPositions,
    LayerNormWeights EncoderEmbeddingNorm,
    IReadOnlyList<EncoderLayerWeights> EncoderLayers,
    float[] DecoderPositions,
    LayerNormWeights DecoderEmbeddingNorm,
    IReadOnlyList<DecoderLayerWeights> DecoderLayers,
    float[] FinalLogitsBias,
    IReadOnlyList<EncoderLayerWeights> VisionLayers,
    DaViTWeights? DaViT = null)
{
    /// <summary>Draws the weights for <paramref name="options"/>; the same options always give the same values.</summary>
    public static TinyWeights Create(TinyModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = new GaussianSource(options.Seed);
        var d = options.DModel;
        var patchInputs = 3 * TinyModelOptions.PatchSize * TinyModelOptions.PatchSize;
        var positionRows = options.MaxPositionEmbeddings + 2;
        return new TinyWeights(
            SharedEmbedding: source.Next(options.VocabSize * d, 1.0),
            PatchConvWeight: source.Next(d * patchInputs, 1.0 / Math.Sqrt(patchInputs)),
            PatchConvBias: source.Next(d, 0.1),
            ImagePositions: source.Next(options.ImageTokens * d, 1.0),
            ImageNorm: LayerNormWeights.Identity(d),
            EncoderPositions: source.Next(positionRows * d, 1.0),
            EncoderEmbeddingNorm: LayerNormWeights.Identity(d),
            EncoderLayers: [.. Enumerable.Range(0, options.EncoderLayers).Select(_ => EncoderLayerWeights.Random(source, options))],
            DecoderPositions: source.Next(positionRows * d, 1.0),
            DecoderEmbeddingNorm: LayerNormWeights.Identity(d),
            DecoderLayers: [.. Enumerable.Range(0, options.DecoderLayers).Select(_ => DecoderLayerWeights.Random(source, options))],
            // Zeros, like the real model's buffer.
            FinalLogitsBias: new float[options.VocabSize],
            // Drawn last, so that models without vision layers keep the weights they always had.
            VisionLayers: [.. Enumerable.Range(0, options.VisionLayers).Select(_ => EncoderLayerWeights.Random(source, options))],
            // After those, for the same reason.
            DaViT: options.DaViT is { } davit ? DaViTWeights.Random(source, davit, options) : null);
    }
}
