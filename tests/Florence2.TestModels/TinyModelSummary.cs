namespace Florence2.TestModels;

/// <summary>What <see cref="TinyModelWriter.Write"/> wrote, counted from the fp32 graphs it built.</summary>
/// <param name="VisionEncoderFlops">MatMul and Conv FLOPs (2 per multiply-add) of the vision encoder for one image.</param>
/// <param name="VisionEncoderParameters">Float32 weights (initializer elements) of the fp32 vision encoder.</param>
public sealed record TinyModelSummary(long VisionEncoderFlops, long VisionEncoderParameters);
