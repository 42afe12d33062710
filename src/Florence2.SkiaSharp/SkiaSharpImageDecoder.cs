using System.Buffers;
using SkiaSharp;

namespace Florence2;

/// <summary>
/// An <see cref="IImageDecoder"/> on SkiaSharp: Skia's codecs (libjpeg-turbo, libpng, libwebp, its own GIF and BMP
/// readers), the ones a browser engine runs on untrusted images. Only the formats enabled in
/// <see cref="ImageDecodingOptions.AllowedFormats"/> are decoded, and only when Skia reads the same format the library
/// detected; the size is read from the header and checked against <see cref="ImageDecodingOptions.MaxPixels"/> and
/// <see cref="ImageDecodingOptions.AllocationLimitMegabytes"/> before the pixel buffer is allocated; only the first frame
/// is decoded; pixels are decoded without colour conversion (no ICC profile, gamma chunk or EXIF orientation applied,
/// as Pillow's <c>Image.open</c> and the ImageSharp decoder); alpha is kept unpremultiplied and then dropped, never
/// blended; a cut or corrupt file (Skia's <c>IncompleteInput</c> or <c>ErrorInInput</c>) is refused.
/// </summary>
/// <remarks>
/// Works beside any ImageSharp version. On Linux the app needs the native library from
/// <c>SkiaSharp.NativeAssets.Linux</c> (or <c>.Linux.NoDependencies</c>); Windows and macOS natives come with SkiaSharp.
/// Cancellation is checked between bands of <see cref="RowsPerBand"/> rows where Skia decodes row by row (JPEG), and
/// before decoding where it decodes in one call (PNG, GIF, BMP, WebP; the cost is bounded by the limits above). Thread-safe: it holds no state; every call has its own codec.
/// </remarks>
public sealed class SkiaSharpImageDecoder : IImageDecoder
{
    /// <summary>Rows decoded between two cancellation checks.</summary>
    internal const int RowsPerBand = 64;

    /// <summary>Creates the decoder after checking that SkiaSharp's native library loads.</summary>
    /// <exception cref="SkiaSharpNativeLibraryException">The native library is missing or of another version (on Linux: add SkiaSharp.NativeAssets.Linux).</exception>
    public SkiaSharpImageDecoder() => SkiaSharpNative.ThrowIfUnavailable();

    /// <summary>JPEG, PNG, GIF, WebP and BMP (each still needs <see cref="ImageDecodingOptions.AllowedFormats"/>).</summary>
    public ImageFormats SupportedFormats => ImageFormats.Jpeg | ImageFormats.Png | ImageFormats.Gif | ImageFormats.Webp | ImageFormats.Bmp;

    /// <inheritdoc/>
    public DecodedImage Decode(ReadOnlyMemory<byte> encoded, ImageFormats format, ImageDecodingOptions options, CancellationToken cancellationToken) =>
        Decode(encoded, format, options, bandDecoded: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="bandDecoded"/> hears the rows decoded so far after each band (tests).</summary>
    internal DecodedImage Decode(
        ReadOnlyMemory<byte> encoded, ImageFormats format, ImageDecodingOptions options, Action<int>? bandDecoded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string name = FormatName(format);
        if ((options.AllowedFormats & format) == 0 || (SupportedFormats & format) == 0)
        {
            throw new InvalidImageException(
                $"The image is {name}, which is not enabled in ImageDecodingOptions.AllowedFormats ({options.AllowedFormats}) or not decoded by SkiaSharpImageDecoder.");
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Skia reads the caller's bytes in place: the pin lasts until the codec and its data are disposed.
        using MemoryHandle pin = encoded.Pin();
        unsafe
        {
            using SKData data = SKData.Create((IntPtr)pin.Pointer, encoded.Length);
            using SKCodec codec = SKCodec.Create(data)
                ?? throw new InvalidImageException($"The {name} image could not be read: Skia found no header it can decode.");
            if (ToFormat(codec.EncodedFormat) != format)
            {
                throw new InvalidImageException(
                    $"The image's signature says {name}, but Skia reads it as {codec.EncodedFormat}; it is refused rather than decoded as a format that may not be enabled.");
            }

            SKImageInfo header = codec.Info;
            options.ThrowIfTooLarge(format, header.Width, header.Height);

            // Unpremultiplied RGBA keeps the stored colour of every pixel whatever its alpha; the library drops alpha.
            // No colour space: Skia then converts nothing (no ICC profile, no gAMA/cHRM).
            var target = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            long bytes = (long)target.RowBytes * target.Height;
            if (bytes > (long)options.AllocationLimitMegabytes << 20 || bytes > Array.MaxLength)
            {
                throw new InvalidImageException(
                    $"The {name} image declares {header.Width}×{header.Height} pixels, whose RGBA buffer ({bytes:N0} bytes) exceeds "
                    + $"ImageDecodingOptions.AllocationLimitMegabytes ({options.AllocationLimitMegabytes} MB) or the largest array ({Array.MaxLength:N0} bytes). Downscale it first or raise the limit.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var pixels = new PooledPixels((int)bytes);
            try
            {
                fixed (byte* destination = pixels.Array)
                {
                    DecodeInto(codec, target, (IntPtr)destination, name, bandDecoded, cancellationToken);
                }

                return new DecodedImage(pixels.Array.AsMemory(0, pixels.Length), target.Width, target.Height, target.RowBytes, RawPixelFormat.Rgba32, pixels);
            }
            catch
            {
                pixels.Dispose();
                throw;
            }
        }
    }

    /// <summary>Decodes band by band where Skia can (top-down scanline order), else in one call.</summary>
    private static void DecodeInto(
        SKCodec codec, SKImageInfo target, IntPtr destination, string name, Action<int>? bandDecoded, CancellationToken cancellationToken)
    {
        if (codec.StartScanlineDecode(target) == SKCodecResult.Success && codec.ScanlineOrder == SKCodecScanlineOrder.TopDown)
        {
            for (int row = 0; row < target.Height; row += RowsPerBand)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(RowsPerBand, target.Height - row);
                int decoded = codec.GetScanlines(destination + (row * target.RowBytes), count, target.RowBytes);
                if (decoded != count)
                {
                    throw new InvalidImageException(
                        $"The {name} image ({target.Width}×{target.Height}) is truncated or corrupt: Skia decoded {row + decoded} of its {target.Height} rows.");
                }

                bandDecoded?.Invoke(row + count);
            }

            return;
        }

        SKCodecResult result = codec.GetPixels(target, destination, new SKCodecOptions(0));
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                throw new InvalidImageException(
                    $"The {name} image ({target.Width}×{target.Height}) is truncated: its data ends before every row is decoded (Skia: IncompleteInput).");
            case SKCodecResult.ErrorInInput:
                throw new InvalidImageException(
                    $"The {name} image ({target.Width}×{target.Height}) is corrupt: Skia stopped at an error in its data (ErrorInInput).");
            default:
                throw new InvalidImageException($"The {name} image ({target.Width}×{target.Height}) could not be decoded: Skia reported {result}.");
        }
    }

    private static ImageFormats ToFormat(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => ImageFormats.Jpeg,
        SKEncodedImageFormat.Png => ImageFormats.Png,
        SKEncodedImageFormat.Gif => ImageFormats.Gif,
        SKEncodedImageFormat.Webp => ImageFormats.Webp,
        SKEncodedImageFormat.Bmp => ImageFormats.Bmp,
        _ => ImageFormats.None,
    };

    private static string FormatName(ImageFormats format) => format switch
    {
        ImageFormats.Jpeg => "JPEG",
        ImageFormats.Png => "PNG",
        ImageFormats.Gif => "GIF",
        ImageFormats.Webp => "WebP",
        ImageFormats.Bmp => "BMP",
        _ => format.ToString(),
    };
}
