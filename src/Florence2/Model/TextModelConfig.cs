namespace Florence2.Model;

/// <summary>
/// The dimensions of the language model (<c>text_config</c> of <c>config.json</c>) that the ONNX files must agree
/// with. Used to check each session's tensors when loading.
/// </summary>
/// <remarks>
/// Every dimension is bounded well above any Florence-2 (base: d_model 768, 6 + 6 layers, 12 heads; large: 1024, 12 + 12,
/// 16; both 51,289 tokens and 1,024 positions) so that an absurd value is a <see cref="ModelConfigException"/> naming
/// the key, never an overflow or an allocation the size of the number.
/// </remarks>
internal sealed record TextModelConfig(
    int DModel,
    int EncoderLayers,
    int DecoderLayers,
    int EncoderHeads,
    int DecoderHeads,
    int VocabSize,
    int MaxPositionEmbeddings)
{
    public const int MaxDModel = 65_536;
    public const int MaxLayers = 1_024;
    public const int MaxHeads = 1_024;
    public const int MaxVocabSize = 16_777_216;
    public const int MaxPositions = 1_048_576;

    public int DecoderHeadDim => DModel / DecoderHeads;

    public static TextModelConfig Load(JsonConfigFile config)
    {
        const string t = "text_config.";
        var dModel = config.GetInt(t + "d_model", min: 1, max: MaxDModel);
        var decoderHeads = config.GetInt(t + "decoder_attention_heads", min: 1, max: MaxHeads);
        if (dModel % decoderHeads != 0)
        {
            throw new ModelConfigException(config.Path, t + "decoder_attention_heads",
                $"d_model {dModel} is not divisible by decoder_attention_heads {decoderHeads}.");
        }

        return new TextModelConfig(
            dModel,
            config.GetInt(t + "encoder_layers", min: 1, max: MaxLayers),
            config.GetInt(t + "decoder_layers", min: 1, max: MaxLayers),
            config.GetInt(t + "encoder_attention_heads", defaultValue: decoderHeads, min: 1, max: MaxHeads),
            decoderHeads,
            config.GetInt(t + "vocab_size", defaultValue: config.GetInt("vocab_size", min: 1, max: MaxVocabSize), min: 1, max: MaxVocabSize),
            config.GetInt(t + "max_position_embeddings", defaultValue: 1024, min: 2, max: MaxPositions));
    }
}
