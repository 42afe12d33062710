namespace Florence2.TestModels;

/// <summary><c>embed_tokens</c>: rows of the shared embedding, no scaling (Florence-2 has scale_embedding false).</summary>
internal static class EmbedTokensGraph
{
    public static OnnxModel Build(TinyWeights w, TinyModelOptions o, TinyModelVariant variant)
    {
        var g = new GraphBuilder("embed_tokens", VariantEncoding.For(variant, moduleHasConv: false, o.FourBitAccuracyLevel));
        var io = new FloatBoundary(g);
        var ids = g.AddInput("input_ids", OnnxDataType.Int64, "batch_size", "sequence_length");
        io.FloatOutput("inputs_embeds", g.WeightGather("shared.weight", w.SharedEmbedding, o.VocabSize, o.DModel, ids), "batch_size", "sequence_length", o.DModel);
        return g.ToModel(o);
    }
}
