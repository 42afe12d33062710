namespace Florence2;

/// <summary>The four ONNX modules of an onnx-community Florence-2 export, for per-module settings such as the file variant or the execution provider.</summary>
public enum ModelModule
{
    /// <summary><c>onnx/vision_encoder*.onnx</c>: image pixels to image features.</summary>
    VisionEncoder = 0,

    /// <summary><c>onnx/embed_tokens*.onnx</c>: token ids to embeddings.</summary>
    EmbedTokens,

    /// <summary><c>onnx/encoder_model*.onnx</c>: the text encoder over image features and prompt.</summary>
    Encoder,

    /// <summary><c>onnx/decoder_model_merged*.onnx</c>: the decoder with its key/value cache.</summary>
    Decoder,
}
