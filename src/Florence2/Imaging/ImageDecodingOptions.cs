namespace Florence2;

/// <summary>
/// Limits applied when an encoded image (file, stream or bytes) is decoded. Raw pixel buffers given by the caller are
/// not decoded, so these limits do not apply to them.
/// </summary>
/// <remarks>
/// Decoding goes through the configured <see cref="IImageDecoder"/> (<see cref="Florence2ModelOptions.ImageDecoder"/>),
/// after the library's own checks: the format is detected from its signature and refused unless it is in
/// <see cref="AllowedFormats"/>, the width and height are read from the header (by the library for PNG, JPEG, BMP and
/// TGA, by the decoder for the others) and checked against <see cref="MaxPixels"/> before any pixel is decoded, the
/// decoded buffer is capped by <see cref="AllocationLimitMegabytes"/>, and only the
/// first frame of an animated image is decoded. Metadata (text chunks, EXIF, XMP, ICC profiles) is never read,
/// let alone inflated: the model does not use it, so a compressed-metadata bomb costs nothing. EXIF orientation and
/// ICC profiles are not applied (Pillow's <c>Image.open</c>, which the reference Python pipeline uses, applies
/// neither). As in Pillow, a truncated image is refused: a JPEG must reach its end-of-image marker and the compressed
/// data of a PNG must hold every row.
/// </remarks>
public sealed class ImageDecodingOptions
{
    /// <summary>The default of <see cref="MaxEncodedBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxEncodedBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Formats that may be decoded. Default: <see cref="ImageFormats.Jpeg"/> | <see cref="ImageFormats.Png"/>.
    /// </summary>
    /// <remarks>
    /// The default keeps the decoders with the least recent security history. In ImageSharp 2.1.x the GIF decoder
    /// needed four security fixes in 2024–2025 (out-of-bounds writes, excessive memory, an infinite loop; all fixed
    /// by 2.1.11), the TIFF decoder has an unfixed CCITT T4 out-of-bounds advisory whose code is present in 2.1.13,
    /// and a BMP colour-map offset fix was never released for 2.1.x. WebP (which needed a decoder fix as late as
    /// 2.1.13), TGA and PBM are off to keep the attack surface small. Enable a format only for inputs you trust, e.g.
    /// <c>new ImageDecodingOptions { AllowedFormats = ImageFormats.Jpeg | ImageFormats.Png | ImageFormats.Webp }</c>.
    /// </remarks>
    public ImageFormats AllowedFormats { get; set; } = ImageFormats.Jpeg | ImageFormats.Png;

    /// <summary>
    /// Largest accepted width × height, checked from the image header before decoding. Default 8192 × 8192
    /// (67,108,864 pixels, 192 MiB as RGB). Must be positive.
    /// </summary>
    public long MaxPixels { get; set; } = 8192L * 8192L;

    /// <summary>
    /// Largest single buffer, in megabytes, the decoder may allocate: the decoded RGB image is checked against it from
    /// the header, and the ImageSharp decoder also caps each of its buffers with it
    /// (<c>MemoryAllocatorOptions.AllocationLimitMegabytes</c>), a second line of defence behind <see cref="MaxPixels"/>
    /// for files whose header lies. Default 256, enough for an RGBA image of <see cref="MaxPixels"/> pixels.
    /// Must be positive.
    /// </summary>
    public int AllocationLimitMegabytes { get; set; } = 256;

    /// <summary>
    /// Throws when a declared size is empty or exceeds <see cref="MaxPixels"/> or, as an RGB buffer,
    /// <see cref="AllocationLimitMegabytes"/>. Decoders call it with the header's size before they allocate pixels.
    /// </summary>
    /// <param name="format">The image's format, for the message.</param>
    /// <param name="width">The declared width.</param>
    /// <param name="height">The declared height.</param>
    /// <exception cref="InvalidImageException">The size is empty or too large; the message names the limit to raise.</exception>
    public void ThrowIfTooLarge(ImageFormats format, int width, int height)
    {
        string name = Imaging.ImageSignature.Name(format);
        if (width <= 0 || height <= 0)
        {
            throw new InvalidImageException($"The {name} header declares an empty image ({width}×{height}).");
        }

        long pixels = (long)width * height;
        if (pixels > MaxPixels)
        {
            throw new InvalidImageException(
                $"The {name} image declares {width}×{height} = {pixels:N0} pixels, more than "
                + $"ImageDecodingOptions.MaxPixels ({MaxPixels:N0}). Downscale it first or raise MaxPixels.");
        }

        // The decoded image is one contiguous RGB buffer; refusing here also spares the work before it (the PNG data
        // check inflates the whole image).
        long rgbBytes = pixels * 3;
        if (rgbBytes > (long)AllocationLimitMegabytes << 20)
        {
            throw new InvalidImageException(
                $"The {name} image declares {width}×{height} pixels, whose RGB buffer ({rgbBytes:N0} bytes) exceeds "
                + $"ImageDecodingOptions.AllocationLimitMegabytes ({AllocationLimitMegabytes} MB). Downscale it first or raise the limit.");
        }
    }

    /// <summary>A copy, so that a decoder keeps the limits it was built with whatever the caller changes later.</summary>
    internal ImageDecodingOptions Copy() => (ImageDecodingOptions)MemberwiseClone();

    /// <summary>Throws when a limit is not positive or no format is enabled.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxPixels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "ImageDecoding.MaxPixels must be positive (default 8192 × 8192 = 67108864).");
        }

        if (AllocationLimitMegabytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AllocationLimitMegabytes), AllocationLimitMegabytes,
                "ImageDecoding.AllocationLimitMegabytes must be positive (default 256).");
        }

        if (MaxEncodedBytes <= 0 || MaxEncodedBytes >= Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEncodedBytes), MaxEncodedBytes,
                $"ImageDecoding.MaxEncodedBytes must be positive and below {Array.MaxLength} (default {DefaultMaxEncodedBytes}).");
        }

        var known = ImageFormats.Jpeg | ImageFormats.Png | ImageFormats.Gif | ImageFormats.Webp | ImageFormats.Bmp | ImageFormats.Tiff | ImageFormats.Tga | ImageFormats.Pbm;
        if ((AllowedFormats & ~known) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AllowedFormats), AllowedFormats,
                $"ImageDecoding.AllowedFormats holds unknown flags; combine {string.Join(", ", Enum.GetNames<ImageFormats>())}.");
        }
    }

    /// <summary>
    /// Largest encoded image, in bytes, that is read and decoded. Default 64 MiB (67,108,864 bytes): a JPEG of
    /// <see cref="MaxPixels"/> pixels at high quality, or a PNG photo of about 20 megapixels. Must be positive and
    /// below <see cref="Array.MaxLength"/>.
    /// </summary>
    /// <remarks>
    /// Files are read into memory before they are decoded, so that pipes, FIFOs, <c>/dev/stdin</c> and other sources
    /// that cannot seek work too; a file that declares a larger size is refused before it is read, and a source that
    /// does not end (a FIFO that is never closed, a device) is refused after <c>MaxEncodedBytes + 1</c> bytes.
    /// <see cref="ImageInput.FromBytes"/> inputs above the limit are refused when decoded.
    /// <see cref="ImageInput.FromStream(Stream)"/> reads its stream when it is called, with the default limit
    /// (or the one given to <see cref="ImageInput.FromStream(Stream, long)"/>).
    /// </remarks>
    public long MaxEncodedBytes { get; set; } = DefaultMaxEncodedBytes;
}
