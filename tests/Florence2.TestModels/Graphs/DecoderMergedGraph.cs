namespace Florence2.TestModels;

/// <summary>
/// <c>decoder_model_merged</c>: one <c>If</c> on <c>use_cache_branch</c> choosing between the decoder with past
/// (then) and the decoder without past (else), the way Hugging Face Optimum merges the two exports.
/// </summary>
internal static class DecoderMergedGraph
{
    public static OnnxModel Build(TinyWeights w, TinyModelOptions o, TinyModelVariant variant)
    {
        var g = new GraphBuilder("decoder_model_merged", VariantEncoding.For(variant, moduleHasConv: false, o.FourBitAccuracyLevel));
        var io = new FloatBoundary(g);
        var encoderMask = g.AddInput("encoder_attention_mask", OnnxDataType.Int64, "batch_size", "encoder_sequence_length");
        var encoderHiddenStates = io.FloatInput("encoder_hidden_states", "batch_size", "encoder_sequence_length", o.DModel);
        var inputsEmbeds = io.FloatInput("inputs_embeds", "batch_size", "decoder_sequence_length", o.DModel);
        var past = Enumerable.Range(0, o.DecoderLayers).Select(i => new LayerCache(
            io.FloatInput($"past_key_values.{i}.decoder.key", "batch_size", o.Heads, "past_decoder_sequence_length", o.HeadDim),
            io.FloatInput($"past_key_values.{i}.decoder.value", "batch_size", o.Heads, "past_decoder_sequence_length", o.HeadDim),
            io.FloatInput($"past_key_values.{i}.encoder.key", "batch_size", o.Heads, "encoder_sequence_length_out", o.HeadDim),
            io.FloatInput($"past_key_values.{i}.encoder.value", "batch_size", o.Heads, "encoder_sequence_length_out", o.HeadDim))).ToList();
        var useCacheBranch = g.AddInput("use_cache_branch", OnnxDataType.Bool, 1);

        var lmHead = LanguageModelHead(g, w, o);
        var inputs = new DecoderInputs(encoderMask, encoderHiddenStates, inputsEmbeds, past);
        var withPast = new DecoderBranchGraph(g.CreateSubgraph("decoder_with_past"), inputs, lmHead, w, o, useCache: true).Build();
        var withoutPast = new DecoderBranchGraph(g.CreateSubgraph("decoder_without_past"), inputs, lmHead, w, o, useCache: false).Build();
        var outputs = g.AddNode("If", [useCacheBranch], 1 + 4 * o.DecoderLayers,
            OnnxAttribute.Graph("then_branch", withPast), OnnxAttribute.Graph("else_branch", withoutPast));

        io.FloatOutput("logits", outputs[0], "batch_size", "decoder_sequence_length", o.VocabSize);
        for (var i = 0; i < o.DecoderLayers; i++)
        {
            var first = 1 + 4 * i;
            io.FloatOutput($"present.{i}.decoder.key", outputs[first], "batch_size", o.Heads, "present_decoder_sequence_length", o.HeadDim);
            io.FloatOutput($"present.{i}.decoder.value", outputs[first + 1], "batch_size", o.Heads, "present_decoder_sequence_length", o.HeadDim);
            io.FloatOutput($"present.{i}.encoder.key", outputs[first + 2], "batch_size", o.Heads, "encoder_sequence_length_out", o.HeadDim);
            io.FloatOutput($"present.{i}.encoder.value", outputs[first + 3], "batch_size", o.Heads, "encoder_sequence_length_out", o.HeadDim);
        }
        return g.ToModel(o);
    }

    // The LM head is tied to the shared embedding. In float32 it is transposed once here and read by both branches;
    // the export folds that transpose into a [d_model, vocab] weight, which the quantizers encode like any MatMul weight.
    private static Func<GraphBuilder, string, string> LanguageModelHead(GraphBuilder g, TinyWeights w, TinyModelOptions o)
    {
        if (g.Encoding.Weights == WeightEncoding.Float)
        {
            var transposed = g.Transpose(g.AddInitializer("shared.weight", w.SharedEmbedding, o.VocabSize, o.DModel), 1, 0);
            return (branch, x) => branch.MatMul(x, transposed);
        }

        var weight = new float[w.SharedEmbedding.Length];
        for (var token = 0; token < o.VocabSize; token++)
        {
            for (var i = 0; i < o.DModel; i++)
            {
                weight[(i * o.VocabSize) + token] = w.SharedEmbedding[(token * o.DModel) + i];
            }
        }
        return (branch, x) => branch.WeightMatMul(x, "lm_head.weight", weight, o.DModel, o.VocabSize);
    }
}
