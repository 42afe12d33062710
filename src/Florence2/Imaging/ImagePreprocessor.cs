using System.Buffers;

namespace Florence2.Imaging;

/// <summary>
/// Turns one <see cref="ImageInput"/> into the vision encoder's <c>pixel_values</c> for one image: decode (under
/// <see cref="ImageDecodingOptions"/>), stretch to the target size with Pillow-exact bicubic resampling (the aspect
/// ratio is not kept, as in the Hugging Face processor), then rescale and normalize into channel-first RGB planes.
/// </summary>
/// <remarks>
/// Thread-safe: an instance holds only immutable state, and every call uses its own pooled scratch buffers, so one
/// instance may serve concurrent calls. EXIF orientation is not applied (Pillow's <c>Image.open</c> does not either).
/// </remarks>
internal sealed class ImagePreprocessor
{
    private readonly EncodedImageGuard _decoder;
    private readonly NormalizationTable _table;

    public ImagePreprocessor(ImagePreprocessingSettings settings, ImageDecodingOptions decodingOptions, IImageDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(decodingOptions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.TargetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.TargetHeight);
        if (settings.Mean.Count != 3 || settings.Std.Count != 3)
        {
            throw new ArgumentException(
                $"Mean and Std need 3 values (R, G, B); got {settings.Mean.Count} and {settings.Std.Count}.", nameof(settings));
        }

        Settings = settings;
        TensorLength = checked(3 * settings.TargetWidth * settings.TargetHeight);
        _decoder = new EncodedImageGuard(decodingOptions, decoder);
        _table = new NormalizationTable(settings);
    }

    public ImagePreprocessingSettings Settings { get; }

    /// <summary>Floats per image: 3 × TargetHeight × TargetWidth.</summary>
    public int TensorLength { get; }

    /// <summary>
    /// Writes the 3×H×W tensor of <paramref name="input"/> (RGB planes, row-major) into <paramref name="destination"/>.
    /// </summary>
    /// <returns>The size of the original image, before resizing; boxes predicted on the model grid scale back with it.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="TensorLength"/> long.</exception>
    /// <exception cref="InvalidImageException">The image cannot be decoded, is not allowed, or is too large.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ImageSize Preprocess(ImageInput input, Span<float> destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (destination.Length != TensorLength)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} floats; one {Settings.TargetWidth}×{Settings.TargetHeight} "
                + $"image needs 3 × {Settings.TargetHeight} × {Settings.TargetWidth} = {TensorLength}.",
                nameof(destination));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using PixelLease lease = Decode(input, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        PixelView source = lease.View;
        var originalSize = new ImageSize(source.Width, source.Height);
        bool hasTargetSize = source.Width == Settings.TargetWidth && source.Height == Settings.TargetHeight;
        if (hasTargetSize)
        {
            Normalize(source, destination);
            return originalSize;
        }

        if (!Settings.DoResize)
        {
            throw new InvalidImageException(
                $"The image is {source.Width}×{source.Height}, but resizing is off (do_resize: false) and the model needs "
                + $"{Settings.TargetWidth}×{Settings.TargetHeight}.");
        }

        int resizedLength = Settings.TargetWidth * Settings.TargetHeight * 3;
        byte[] resized = ArrayPool<byte>.Shared.Rent(resizedLength);
        try
        {
            Span<byte> rgb = resized.AsSpan(0, resizedLength);
            Resize(source, rgb, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            Normalize(
                new PixelView(rgb, Settings.TargetWidth, Settings.TargetHeight, Settings.TargetWidth * 3, RawPixelFormat.Rgb24),
                destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(resized);
        }

        return originalSize;
    }

    /// <summary>Stage 1: the image's pixels, decoded under the decoding limits when the input is encoded.</summary>
    /// <exception cref="ImageDecoderMissingException">The input is encoded and no decoder was given.</exception>
    public PixelLease Decode(ImageInput input, CancellationToken cancellationToken = default) => input.LeasePixels(_decoder, cancellationToken);

    /// <summary>Stage 2: Pillow-exact bicubic stretch to the target size, as packed RGB.</summary>
    public void Resize(PixelView source, Span<byte> rgb, CancellationToken cancellationToken) =>
        PillowBicubicResampler.Resize(source, rgb, Settings.TargetWidth, Settings.TargetHeight, cancellationToken);

    /// <summary>
    /// Stage 3: rescale and normalize into channel-first planes. A 256-entry table per channel holds the exact float
    /// of every possible sample, so each value costs one lookup and matches the formula bit for bit.
    /// </summary>
    public void Normalize(PixelView pixels, Span<float> destination)
    {
        int planeLength = pixels.Width * pixels.Height;
        int bytesPerPixel = pixels.BytesPerPixel;
        int redOffset = PixelFormatLayout.RedOffset(pixels.Format);
        int blueOffset = 2 - redOffset;
        ReadOnlySpan<float> redValues = _table.Channel(0);
        ReadOnlySpan<float> greenValues = _table.Channel(1);
        ReadOnlySpan<float> blueValues = _table.Channel(2);
        Span<float> redPlane = destination[..planeLength];
        Span<float> greenPlane = destination.Slice(planeLength, planeLength);
        Span<float> bluePlane = destination.Slice(2 * planeLength, planeLength);
        for (int y = 0; y < pixels.Height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Row(y);
            int index = y * pixels.Width;
            for (int offset = 0; offset < row.Length; offset += bytesPerPixel, index++)
            {
                redPlane[index] = redValues[row[offset + redOffset]];
                greenPlane[index] = greenValues[row[offset + 1]];
                bluePlane[index] = blueValues[row[offset + blueOffset]];
            }
        }
    }
}
