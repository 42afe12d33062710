namespace Florence2.TestModels;

/// <summary><c>embed_tokens</c>: rows of the shared embedding, no scaling (Florence-2 has scale_embedding false).</summary>
internal static class EmbedTokensGraph
{
    public static OnnxModel Build(TinyWeights w, TinyModelOptions o, bool halfPrecision)
    {
        var g = new GraphBuilder("embed_tokens");
        var io = new FloatBoundary(g, halfPrecision);
        var ids = g.AddInput("input_ids", OnnxDataType.Int64, "batch_size", "sequence_length");
        var table = g.AddInitializer("shared.weight", w.SharedEmbedding, o.VocabSize, o.DModel);
        io.FloatOutput("inputs_embeds", g.Gather(table, ids), "batch_size", "sequence_length", o.DModel);
        return g.ToModel(o);
    }
}
