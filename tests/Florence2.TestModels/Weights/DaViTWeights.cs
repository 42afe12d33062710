namespace Florence2.TestModels;

/// <summary>
/// The weights of a <see cref="DaViTStandIn"/>: four stages, then Florence-2's head — learned positions for the last
/// stage's tokens and the projection [last width, d_model] (no bias).
/// </summary>
public sealed record DaViTWeights(IReadOnlyList<DaViTStageWeights> Stages, float[] Positions, float[] Projection)
{
    internal static DaViTWeights Random(GaussianSource source, DaViTStandIn config, TinyModelOptions options)
    {
        var stages = new List<DaViTStageWeights>();
        var channels = 3;
        for (var stage = 0; stage < 4; stage++)
        {
            var width = config.Widths[stage];
            var embedding = ConvWeights.Random(source, width, channels, DaViTStandIn.PatchEmbeddings[stage].Kernel);
            var norm = LayerNormWeights.Identity(stage == 0 ? width : channels);
            var blocks = Enumerable.Range(0, 2 * config.Depths[stage]).Select(_ => DaViTBlockWeights.Random(source, width)).ToList();
            stages.Add(new DaViTStageWeights(embedding, norm, blocks));
            channels = width;
        }
        var grid = options.ImageSize / TinyModelOptions.PatchSize;
        return new DaViTWeights(stages, source.Next(grid * grid * channels, 1.0), source.Next(channels * options.DModel, 1.0 / Math.Sqrt(channels)));
    }
}
