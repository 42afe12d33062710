namespace Florence2;

/// <summary>
/// Turns encoded image bytes (JPEG, PNG, ...) into pixels. The library itself depends on no imaging library: a decoder
/// comes from a decoder package (<c>Florence2.OnnxRuntime.SkiaSharp</c> or <c>Florence2.OnnxRuntime.ImageSharp</c>) and
/// is set with <see cref="Florence2ModelOptions.ImageDecoder"/> (or <c>AddFlorence2(...).UseSkiaSharp()</c>).
/// </summary>
/// <remarks>
/// Before <see cref="Decode"/> is called the library has already read at most
/// <see cref="ImageDecodingOptions.MaxEncodedBytes"/>, detected the format from its signature, refused formats that
/// are not in <see cref="ImageDecodingOptions.AllowedFormats"/> or <see cref="SupportedFormats"/>, and, for PNG, JPEG
/// and BMP, checked the byte structure (complete data, no cut file) and the declared size against
/// <see cref="ImageDecodingOptions.MaxPixels"/> and <see cref="ImageDecodingOptions.AllocationLimitMegabytes"/>. For the
/// other formats the decoder must read the size from the header and call
/// <see cref="ImageDecodingOptions.ThrowIfTooLarge"/> before it allocates pixels. A decoder must not read metadata it
/// does not need, must refuse cut or corrupt data with <see cref="InvalidImageException"/> (other exceptions are
/// wrapped into one), and must drop alpha rather than blend it. Implementations must be thread-safe: one instance
/// serves every call of a model, concurrently.
/// </remarks>
public interface IImageDecoder
{
    /// <summary>The formats this decoder can decode; an image in another format is refused before <see cref="Decode"/>.</summary>
    ImageFormats SupportedFormats { get; }

    /// <summary>Decodes the first frame of <paramref name="encoded"/> into 8-bit pixels.</summary>
    /// <param name="encoded">The whole encoded file; not to be kept after the call returns.</param>
    /// <param name="format">The format the library detected from the signature (exactly one flag).</param>
    /// <param name="options">The limits to decode under.</param>
    /// <param name="cancellationToken">Cancels a long decode where the decoder can stop.</param>
    /// <returns>The pixels; the caller disposes them.</returns>
    /// <exception cref="InvalidImageException">The data is corrupt, cut, or larger than the limits.</exception>
    DecodedImage Decode(ReadOnlyMemory<byte> encoded, ImageFormats format, ImageDecodingOptions options, CancellationToken cancellationToken);
}
