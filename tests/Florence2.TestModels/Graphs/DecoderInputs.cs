namespace Florence2.TestModels;

/// <summary>The float32 values the merged decoder's branches read from the outer graph.</summary>
internal sealed record DecoderInputs(string EncoderMask, string EncoderHiddenStates, string InputsEmbeds, IReadOnlyList<LayerCache> Past);
