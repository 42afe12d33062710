namespace Florence2.TestModels;

/// <summary>
/// <c>vision_encoder</c>: a stand-in for DaViT with the real interface. The cheap one: patches become tokens through
/// one strided convolution; the mean token is put first (as Florence-2's spatial pooling), then positions,
/// <see cref="TinyModelOptions.VisionLayers"/> transformer layers over all tokens (none in the tiny model), and a layer
/// norm. With <see cref="TinyModelOptions.DaViT"/> set, the DaViT-shaped stand-in (<see cref="DaViTGraph"/>) instead.
/// </summary>
internal static class VisionEncoderGraph
{
    public static OnnxModel Build(TinyWeights w, TinyModelOptions o, TinyModelVariant variant)
    {
        var g = new GraphBuilder("vision_encoder", VariantEncoding.For(variant, moduleHasConv: true, o.FourBitAccuracyLevel));
        var io = new FloatBoundary(g);
        var pixels = io.FloatInput("pixel_values", "batch_size", 3, "height", "width");
        if (o.DaViT is { } davit)
        {
            var davitFeatures = DaViTGraph.Features(g, pixels, w.DaViT!, davit, o);
            io.FloatOutput("image_features", g.LayerNorm(davitFeatures, "image_proj_norm", w.ImageNorm), "batch_size", o.ImageTokens, o.DModel);
            return WithCost(g, o);
        }

        var patch = TinyModelOptions.PatchSize;
        var grid = g.WeightConv(pixels, "patch_embed", w.PatchConvWeight, [o.DModel, 3, patch, patch], w.PatchConvBias,
            OnnxAttribute.Ints("kernel_shape", patch, patch), OnnxAttribute.Ints("strides", patch, patch));
        var tokens = g.Transpose(g.Reshape(grid, 0, o.DModel, -1), 0, 2, 1);
        var features = g.Concat(1, g.ReduceMeanKeepDims(tokens, 1), tokens);

        var positions = g.AddInitializer("image_pos_embed", w.ImagePositions, o.ImageTokens, o.DModel);
        var x = g.Add(features, positions);
        for (var i = 0; i < w.VisionLayers.Count; i++)
        {
            x = EncoderGraph.Layer(g, x, null, $"vision.layers.{i}", w.VisionLayers[i], o);
        }
        var normalized = g.LayerNorm(x, "image_proj_norm", w.ImageNorm);
        io.FloatOutput("image_features", normalized, "batch_size", o.ImageTokens, o.DModel);
        return WithCost(g, o);
    }

    // The file records what one image costs, counted from its own graph (GraphFlops).
    private static OnnxModel WithCost(GraphBuilder g, TinyModelOptions o)
    {
        var flops = GraphFlops.Count(g.Build(), new Dictionary<string, long[]> { ["pixel_values"] = [1, 3, o.ImageSize, o.ImageSize] });
        return g.ToModel(o, new Dictionary<string, string> { [TinyModelMetadata.FlopsKey] = flops.Total.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}
