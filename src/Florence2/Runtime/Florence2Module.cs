namespace Florence2;

/// <summary>The four ONNX modules of a Florence-2 export, for per-module settings such as the execution provider.</summary>
public enum Florence2Module
{
    /// <summary><c>onnx/vision_encoder*.onnx</c>.</summary>
    VisionEncoder = 0,

    /// <summary><c>onnx/embed_tokens*.onnx</c>.</summary>
    EmbedTokens,

    /// <summary><c>onnx/encoder_model*.onnx</c>.</summary>
    Encoder,

    /// <summary><c>onnx/decoder_model_merged*.onnx</c>.</summary>
    Decoder,
}
