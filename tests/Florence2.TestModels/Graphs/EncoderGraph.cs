namespace Florence2.TestModels;

/// <summary><c>encoder_model</c>: the post-LN BART encoder over the merged image and prompt embeddings.</summary>
internal static class EncoderGraph
{
    public static OnnxModel Build(TinyWeights w, TinyModelOptions o, TinyModelVariant variant)
    {
        var g = new GraphBuilder("encoder_model", VariantEncoding.For(variant, moduleHasConv: false, o.FourBitAccuracyLevel));
        var io = new FloatBoundary(g);
        var embeds = io.FloatInput("inputs_embeds", "batch_size", "encoder_sequence_length", o.DModel);
        var mask = g.AddInput("attention_mask", OnnxDataType.Int64, "batch_size", "encoder_sequence_length");

        var positions = g.Range(g.Int64Scalar(0), g.DimSize(embeds, 1));
        var x = g.AddPositions(embeds, positions, "encoder.embed_positions.weight", w.EncoderPositions, o);
        x = g.LayerNorm(x, "encoder.layernorm_embedding", w.EncoderEmbeddingNorm);
        var padding = g.PaddingMask(mask);
        for (var i = 0; i < w.EncoderLayers.Count; i++)
        {
            x = Layer(g, x, padding, $"encoder.layers.{i}", w.EncoderLayers[i], o);
        }
        io.FloatOutput("last_hidden_state", x, "batch_size", "encoder_sequence_length", o.DModel);
        return g.ToModel(o);
    }

    /// <summary>One post-LN layer; also the vision stand-in's layers, which attend to every token (null mask).</summary>
    internal static string Layer(GraphBuilder g, string x, string? padding, string name, EncoderLayerWeights w, TinyModelOptions o)
    {
        var attention = w.SelfAttention;
        var heads = g.Attend(
            g.SplitHeads(g.Linear(x, $"{name}.self_attn.q_proj", attention.Query), o),
            g.SplitHeads(g.Linear(x, $"{name}.self_attn.k_proj", attention.Key), o),
            g.SplitHeads(g.Linear(x, $"{name}.self_attn.v_proj", attention.Value), o),
            padding,
            o);
        x = g.LayerNorm(g.Add(x, g.ProjectHeads(heads, $"{name}.self_attn", attention, o)), $"{name}.self_attn_layer_norm", w.SelfAttentionNorm);
        x = g.LayerNorm(g.Add(x, g.FeedForward(x, name, w.FeedForwardIn, w.FeedForwardOut)), $"{name}.final_layer_norm", w.FinalNorm);
        return x;
    }
}
