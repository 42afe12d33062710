namespace Florence2;

/// <summary>
/// The vision stage: turns an image into the feature vectors the language model reads. The ONNX implementation
/// preprocesses the image as <c>preprocessor_config.json</c> says and runs <c>vision_encoder.onnx</c>; replace it
/// to run the vision tower elsewhere. Implementations must be safe to call from several threads at once.
/// </summary>
public interface IVisionEncoder : IDisposable
{
    /// <summary>Width of each feature vector; must equal the text model's d_model.</summary>
    int FeatureDimension { get; }

    /// <summary>Encodes one image.</summary>
    /// <exception cref="InvalidImageException">The image cannot be decoded or is over the configured limits.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    ImageFeatures Encode(ImageInput image, CancellationToken cancellationToken = default);
}
