namespace Florence2.Runtime;

/// <summary>The four ONNX files of an onnx-community Florence-2 export.</summary>
internal enum ModelModule
{
    VisionEncoder,
    EmbedTokens,
    Encoder,
    Decoder,
}
