namespace Florence2;

/// <summary>
/// An image already run through a model's vision encoder: its <see cref="ImageFeatures"/> and the model instance
/// that produced them. Pass it to any task method of that same model (it is a <see cref="VisionInput"/>) to
/// answer several tasks from one vision-encoder run. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Features belong to the weights that computed them, so an encoded image is accepted only by the model instance
/// that produced it; any other instance throws <see cref="ArgumentException"/>. Region tasks still quantize their
/// region against the original image size (<see cref="ImageSize"/>).
/// </remarks>
public sealed class EncodedImage : VisionInput
{
    private readonly object _producer;

    /// <summary>
    /// Wraps features produced by <paramref name="producer"/>. Models create these in
    /// <see cref="IFlorence2Model.EncodeImage"/>; implementations of <see cref="IFlorence2Model"/> (test doubles
    /// included) use this constructor.
    /// </summary>
    /// <param name="features">The vision encoder's output.</param>
    /// <param name="producer">The model instance that computed <paramref name="features"/> and alone may use them.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public EncodedImage(ImageFeatures features, object producer)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(producer);
        Features = features;
        _producer = producer;
    }

    /// <summary>The vision encoder's output.</summary>
    public ImageFeatures Features { get; }

    /// <summary>Size of the original image in pixels, which location tokens refer to.</summary>
    public ImageSize ImageSize => Features.ImageSize;

    /// <summary>Whether <paramref name="model"/> is the instance that produced these features.</summary>
    /// <param name="model">A model instance.</param>
    public bool IsFrom(object model) => ReferenceEquals(_producer, model);

    /// <summary>
    /// Returns the features for <paramref name="model"/>, or throws when another instance produced them.
    /// </summary>
    /// <exception cref="ArgumentException">The features come from another model instance.</exception>
    internal ImageFeatures FeaturesFor(object model, string parameterName) => IsFrom(model)
        ? Features
        : throw new ArgumentException(
            "This EncodedImage was produced by a different model instance; image features are valid only for the weights that computed them. "
            + "Encode the image with this model (EncodeImage), or pass the original image.",
            parameterName);
}
