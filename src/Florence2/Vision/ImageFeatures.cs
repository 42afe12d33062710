namespace Florence2;

/// <summary>
/// The vision encoder's output for one image: <see cref="TokenCount"/> feature vectors of <see cref="Dimension"/>
/// floats (577 × 768 for Florence-2-base), row-major, plus the original image size that location tokens refer to.
/// Immutable once created: the owner must not change <see cref="Values"/> afterwards.
/// </summary>
public sealed class ImageFeatures
{
    /// <summary>Wraps feature values; checks that their count is <paramref name="tokenCount"/> × <paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentException">The value count does not match.</exception>
    public ImageFeatures(ReadOnlyMemory<float> values, int tokenCount, int dimension, ImageSize imageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (values.Length != (long)tokenCount * dimension)
        {
            throw new ArgumentException(
                $"Expected {tokenCount} × {dimension} = {(long)tokenCount * dimension} feature values, got {values.Length}.", nameof(values));
        }

        Values = values;
        TokenCount = tokenCount;
        Dimension = dimension;
        ImageSize = imageSize;
    }

    /// <summary>Feature values, <see cref="TokenCount"/> rows of <see cref="Dimension"/>.</summary>
    public ReadOnlyMemory<float> Values { get; }

    /// <summary>Number of image tokens (577 for the real models).</summary>
    public int TokenCount { get; }

    /// <summary>Width of one feature vector (the language model's d_model).</summary>
    public int Dimension { get; }

    /// <summary>Size of the original image in pixels, before resizing.</summary>
    public ImageSize ImageSize { get; }

    /// <summary>Time spent decoding, resizing and normalizing the image.</summary>
    public TimeSpan PreprocessingTime { get; init; }

    /// <summary>Time spent in the vision model.</summary>
    public TimeSpan EncodingTime { get; init; }

    /// <summary>The part of <see cref="EncodingTime"/> spent inside ONNX Runtime's Run call.</summary>
    public TimeSpan InferenceTime { get; init; }
}
