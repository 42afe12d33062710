namespace Florence2.Vision;

/// <summary>
/// A vision encoder that can run several images through one model call. Images are preprocessed one by one, so an
/// image that cannot be used fails alone. Encoders without this capability are called once per image.
/// </summary>
internal interface IBatchVisionEncoder
{
    /// <summary>
    /// Encodes <paramref name="images"/>; slot <c>i</c> of the result holds image <c>i</c>'s features, or the
    /// exception that image raised (decoding, limits). A failure of the model run itself, or cancellation, throws.
    /// </summary>
    VisionBatchItem[] EncodeBatch(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken);
}
