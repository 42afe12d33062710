namespace Florence2.TestModels;

/// <summary>The four cache values of one decoder layer: self-attention (decoder) and cross-attention (encoder) keys and values.</summary>
internal sealed record LayerCache(string DecoderKey, string DecoderValue, string EncoderKey, string EncoderValue);
