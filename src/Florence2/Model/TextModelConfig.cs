namespace Florence2.Model;

/// <summary>
/// The dimensions of the language model (<c>text_config</c> of <c>config.json</c>) that the ONNX files must agree
/// with. Used to check each session's tensors when loading.
/// </summary>
internal sealed record TextModelConfig(
    int DModel,
    int EncoderLayers,
    int DecoderLayers,
    int EncoderHeads,
    int DecoderHeads,
    int VocabSize,
    int MaxPositionEmbeddings)
{
    public int DecoderHeadDim => DModel / DecoderHeads;

    public static TextModelConfig Load(JsonConfigFile config)
    {
        const string t = "text_config.";
        var dModel = config.GetInt(t + "d_model", min: 1);
        var decoderHeads = config.GetInt(t + "decoder_attention_heads", min: 1);
        if (dModel % decoderHeads != 0)
        {
            throw new ModelConfigException(config.Path, t + "decoder_attention_heads",
                $"d_model {dModel} is not divisible by decoder_attention_heads {decoderHeads}.");
        }

        return new TextModelConfig(
            dModel,
            config.GetInt(t + "encoder_layers", min: 1),
            config.GetInt(t + "decoder_layers", min: 1),
            config.GetInt(t + "encoder_attention_heads", defaultValue: decoderHeads, min: 1),
            decoderHeads,
            config.GetInt(t + "vocab_size", defaultValue: config.GetInt("vocab_size", min: 1), min: 1),
            config.GetInt(t + "max_position_embeddings", defaultValue: 1024, min: 2));
    }
}
