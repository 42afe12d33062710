namespace Florence2.TestModels;

/// <summary>
/// One branch of the merged decoder. Both branches run the same post-LN BART decoder; the cached one starts
/// positions at the past length, appends to the past self-attention keys/values and reads the cross-attention
/// keys/values from the past inputs, returning empty placeholders for them as the real export does.
/// </summary>
internal sealed class DecoderBranchGraph(GraphBuilder b, DecoderInputs inputs, Func<GraphBuilder, string, string> lmHead, TinyWeights w, TinyModelOptions o, bool useCache)
{
    public OnnxGraph Build()
    {
        var pastLength = useCache ? b.DimSize(inputs.Past[0].DecoderKey, 2) : b.Int64Scalar(0);
        var totalLength = b.Add(pastLength, b.DimSize(inputs.InputsEmbeds, 1));
        var positions = b.Range(pastLength, totalLength);
        var x = b.AddPositions(inputs.InputsEmbeds, positions, "decoder.embed_positions.weight", w.DecoderPositions, o);
        x = b.LayerNorm(x, "decoder.layernorm_embedding", w.DecoderEmbeddingNorm);

        var causal = b.CausalMask(positions, totalLength);
        var padding = b.PaddingMask(inputs.EncoderMask);
        var presents = new List<LayerCache>();
        for (var i = 0; i < o.DecoderLayers; i++)
        {
            (x, var present) = Layer(x, causal, padding, i);
            presents.Add(present);
        }

        var logits = b.Add(lmHead(b, x), b.AddInitializer("final_logits_bias", w.FinalLogitsBias, o.VocabSize));
        if (o.Script is { } script)
        {
            logits = b.Add(logits, ScriptedTokenBias(positions, script));
        }

        AddBranchOutput(logits);
        foreach (var present in presents)
        {
            AddBranchOutput(present.DecoderKey);
            AddBranchOutput(present.DecoderValue);
            AddBranchOutput(present.EncoderKey);
            AddBranchOutput(present.EncoderValue);
        }
        return b.Build();
    }

    private (string Output, LayerCache Present) Layer(string x, string causal, string padding, int index)
    {
        var name = $"decoder.layers.{index}";
        var layer = w.DecoderLayers[index];
        var self = layer.SelfAttention;
        var keys = b.SplitHeads(b.Linear(x, $"{name}.self_attn.k_proj", self.Key), o);
        var values = b.SplitHeads(b.Linear(x, $"{name}.self_attn.v_proj", self.Value), o);
        if (useCache)
        {
            keys = b.Concat(2, inputs.Past[index].DecoderKey, keys);
            values = b.Concat(2, inputs.Past[index].DecoderValue, values);
        }
        var queries = b.SplitHeads(b.Linear(x, $"{name}.self_attn.q_proj", self.Query), o);
        var attended = b.ProjectHeads(b.Attend(queries, keys, values, causal, o), $"{name}.self_attn", self, o);
        x = b.LayerNorm(b.Add(x, attended), $"{name}.self_attn_layer_norm", layer.SelfAttentionNorm);

        var cross = layer.CrossAttention;
        var (crossKeys, crossValues) = useCache
            ? (inputs.Past[index].EncoderKey, inputs.Past[index].EncoderValue)
            : (b.SplitHeads(b.Linear(inputs.EncoderHiddenStates, $"{name}.encoder_attn.k_proj", cross.Key), o),
               b.SplitHeads(b.Linear(inputs.EncoderHiddenStates, $"{name}.encoder_attn.v_proj", cross.Value), o));
        var crossQueries = b.SplitHeads(b.Linear(x, $"{name}.encoder_attn.q_proj", cross.Query), o);
        attended = b.ProjectHeads(b.Attend(crossQueries, crossKeys, crossValues, padding, o), $"{name}.encoder_attn", cross, o);
        x = b.LayerNorm(b.Add(x, attended), $"{name}.encoder_attn_layer_norm", layer.CrossAttentionNorm);

        x = b.LayerNorm(b.Add(x, b.FeedForward(x, name, layer.FeedForwardIn, layer.FeedForwardOut)), $"{name}.final_layer_norm", layer.FinalNorm);

        var present = useCache
            ? new LayerCache(keys, values, EmptyEncoderCache(), EmptyEncoderCache())
            : new LayerCache(keys, values, crossKeys, crossValues);
        return (x, present);
    }

    // The real export's cached branch returns constants of shape [0, H, 1, h] instead of the encoder cache.
    private string EmptyEncoderCache() =>
        b.AddNode("Constant", [], OnnxAttribute.Tensor("value", OnnxTensor.FromFloats("empty_encoder_cache", [], 0, o.Heads, 1, o.HeadDim)));

    // +ScriptBias (options) at token S[min(p, |S|-1)] for absolute position p, with S = [<s>, script…, </s>].
    private string ScriptedTokenBias(string positions, IReadOnlyList<int> script)
    {
        long[] sequence = [0, .. script.Select(id => (long)id), 2];
        var step = b.Min(positions, b.Int64Scalar(sequence.Length - 1));
        var tokens = b.Gather(b.Int64s(sequence), step);
        var offOn = b.AddInitializer("script_bias_values", [0f, o.ScriptBias], 2);
        return b.AddNode("OneHot", [tokens, b.Int64Scalar(o.VocabSize), offOn], OnnxAttribute.Int("axis", -1));
    }

    // Branch outputs keep their generated names; the If node's outputs carry the public names.
    private void AddBranchOutput(string value) => b.AddOutput(value, value, OnnxDataType.Float, null);
}
