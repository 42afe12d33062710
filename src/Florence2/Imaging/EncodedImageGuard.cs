namespace Florence2.Imaging;

/// <summary>
/// Everything between encoded bytes and an <see cref="IImageDecoder"/> that does not need an imaging library: the
/// encoded size is capped, the format is detected from its signature and refused unless enabled and supported by the
/// decoder, PNG and JPEG files have their structure checked at the byte level (<see cref="PngStructure"/>,
/// <see cref="PngImageData"/>, <see cref="JpegStructure"/>; BMP headers by <see cref="BmpStructure"/>), and the declared
/// size of PNG, JPEG, BMP and TGA is checked before the decoder allocates. What the decoder returns is checked against
/// the header too. Thread-safe: it holds only immutable state (the decoder must be thread-safe, see its contract).
/// </summary>
internal sealed class EncodedImageGuard
{
    private readonly ImageDecodingOptions _options;
    private readonly IImageDecoder? _decoder;

    public EncodedImageGuard(ImageDecodingOptions options, IImageDecoder? decoder)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Copy();
        _decoder = decoder;
    }

    /// <summary>Decodes <paramref name="encoded"/>; the caller disposes the returned lease.</summary>
    public PixelLease Decode(byte[] encoded, CancellationToken cancellationToken)
    {
        IImageDecoder decoder = _decoder ?? throw new ImageDecoderMissingException();
        if (encoded.Length > _options.MaxEncodedBytes)
        {
            throw new InvalidImageException(
                $"The encoded image holds {encoded.Length:N0} bytes, more than ImageDecodingOptions.MaxEncodedBytes ({_options.MaxEncodedBytes:N0} bytes). "
                + "Raise MaxEncodedBytes to decode it.");
        }

        return DecodeChecked(decoder, encoded, cancellationToken);
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> (up to <see cref="ImageDecodingOptions.MaxEncodedBytes"/>; pipes and
    /// devices included) and decodes it; the caller disposes the returned lease.
    /// </summary>
    public PixelLease Decode(string path, CancellationToken cancellationToken)
    {
        IImageDecoder decoder = _decoder ?? throw new ImageDecoderMissingException();
        return DecodeChecked(decoder, EncodedImageReader.ReadFile(path, _options.MaxEncodedBytes), cancellationToken);
    }

    private PixelLease DecodeChecked(IImageDecoder decoder, byte[] encoded, CancellationToken cancellationToken)
    {
        ImageFormats format = ImageSignature.Detect(encoded);
        if (format == ImageFormats.None)
        {
            throw new InvalidImageException(
                "The data is not an image in a format the library recognizes (JPEG, PNG, GIF, WebP, BMP, TIFF, TGA, PBM).");
        }

        string name = ImageSignature.Name(format);
        if ((_options.AllowedFormats & format) == 0)
        {
            throw new InvalidImageException(
                $"The image is {name}, a format that is not enabled (enabled: {_options.AllowedFormats}). "
                + $"To decode it, add ImageFormats.{format} to ImageDecodingOptions.AllowedFormats; do so only for trusted inputs.");
        }

        if ((decoder.SupportedFormats & format) == 0)
        {
            throw new InvalidImageException(
                $"The image is {name}, a format the configured decoder ({decoder.GetType().Name}) cannot decode (it decodes {decoder.SupportedFormats}). "
                + "Convert the image to PNG or JPEG, or use a decoder that supports it.");
        }

        (int width, int height)? declared = CheckStructure(encoded, format);
        cancellationToken.ThrowIfCancellationRequested();
        DecodedImage decoded;
        try
        {
            decoded = decoder.Decode(encoded, format, _options, cancellationToken);
        }
        catch (Exception exception) when (IsDecoderFailure(exception))
        {
            string size = declared is { } s ? $" ({s.width}×{s.height})" : "";
            throw new InvalidImageException($"The {name} image{size} could not be decoded: {exception.Message}", exception);
        }

        try
        {
            CheckResult(decoded, declared, format);
        }
        catch
        {
            decoded.Dispose();
            throw;
        }

        return PixelLease.ForDecoded(decoded);
    }

    /// <summary>
    /// The byte-level checks (structure, then size, then for PNG the completeness of the compressed data, whose cost
    /// the accepted size bounds). Returns the declared size where the core can read it; null where the decoder must.
    /// </summary>
    private (int Width, int Height)? CheckStructure(byte[] encoded, ImageFormats format)
    {
        switch (format)
        {
            case ImageFormats.Png:
                PngLayout png = PngStructure.Read(encoded);
                _options.ThrowIfTooLarge(format, png.Width, png.Height);
                PngImageData.ThrowIfIncomplete(encoded, png);
                return (png.Width, png.Height);
            case ImageFormats.Jpeg:
                JpegLayout jpeg = JpegStructure.Read(encoded);
                _options.ThrowIfTooLarge(format, jpeg.Width, jpeg.Height);
                return (jpeg.Width, jpeg.Height);
            case ImageFormats.Bmp:
                BmpStructure.ThrowIfOffsetOutsideFile(encoded);
                (int width, int height) = BmpStructure.ReadSize(encoded);
                _options.ThrowIfTooLarge(format, width, height);
                return (width, height);
            default:
                return null;
        }
    }

    /// <summary>A decoder that returns another size than the header declares, or more pixels than allowed, is not trusted.</summary>
    private void CheckResult(DecodedImage decoded, (int Width, int Height)? declared, ImageFormats format)
    {
        string name = ImageSignature.Name(format);
        if (declared is { } size && (decoded.Width != size.Width || decoded.Height != size.Height))
        {
            throw new InvalidImageException(
                $"The {name} header declares {size.Width}×{size.Height} pixels, but the decoder returned {decoded.Width}×{decoded.Height}.");
        }

        _options.ThrowIfTooLarge(format, decoded.Width, decoded.Height);
    }

    // Decoders of malformed input fail with many exception types (format errors, allocation limits, index errors in
    // decoder code); all of them mean "this image cannot be used". Cancellation, real out-of-memory, the library's own
    // typed errors and type-load errors (a decoder package on the wrong version of its library) pass.
    private static bool IsDecoderFailure(Exception exception) =>
        exception is not (OperationCanceledException or OutOfMemoryException or Florence2Exception
            or TypeLoadException or MissingMemberException or FileLoadException or FileNotFoundException);
}
