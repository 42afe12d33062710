using Florence2.Imaging;

namespace Florence2;

/// <summary>
/// The pixels of one image to run the model on: an encoded file, stream or byte buffer (decoded by the configured
/// <see cref="IImageDecoder"/>, see <see cref="Florence2ModelOptions.ImageDecoder"/>), or a raw pixel buffer from any
/// imaging library (SkiaSharp, ImageSharp of any version, System.Drawing, OpenCV) that would otherwise need
/// re-encoding. The decoder packages add <c>SkiaSharpImageInput.FromBitmap</c> and <c>ImageSharpImageInput.FromImage</c>.
/// (To run several tasks on one image, encode it once: <see cref="EncodedImage"/>.)
/// </summary>
/// <remarks>
/// Instances are immutable and may be shared between threads. Colour images are used as RGB: an alpha channel is
/// dropped, not blended with a background (what Pillow's <c>convert('RGB')</c> does); greyscale and palette images
/// are expanded to RGB. EXIF orientation is not applied, matching Pillow's <c>Image.open</c> in the reference Python
/// pipeline; rotate the image yourself if your inputs depend on it. Encoded inputs are decoded when the image is
/// preprocessed, under the limits of <see cref="ImageDecodingOptions"/>.
/// </remarks>
public sealed class ImageInput : VisionInput
{
    private readonly string? _path;
    private readonly byte[]? _encoded;
    private readonly ReadOnlyMemory<byte> _pixels;
    private readonly int _width;
    private readonly int _height;
    private readonly int _stride;
    private readonly RawPixelFormat _format;

    private ImageInput(string? path, byte[]? encoded)
    {
        _path = path;
        _encoded = encoded;
    }

    private ImageInput(ReadOnlyMemory<byte> pixels, int width, int height, int stride, RawPixelFormat format)
    {
        _pixels = pixels;
        _width = width;
        _height = height;
        _stride = stride;
        _format = format;
    }

    /// <summary>
    /// An encoded image file (JPEG, PNG, ...), read and decoded each time it is preprocessed, up to
    /// <see cref="ImageDecodingOptions.MaxEncodedBytes"/>. A named pipe (FIFO) or <c>/dev/stdin</c> works too, but
    /// can be read only once: to preprocess such an input more than once, read it with <see cref="FromStream(Stream)"/>.
    /// </summary>
    /// <param name="path">Path of the file; it must exist now.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/>.</exception>
    public static ImageInput FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Image file not found: {fullPath}", fullPath);
        }

        return new ImageInput(fullPath, null);
    }

    /// <summary>
    /// An encoded image read from <paramref name="stream"/>: the stream is read to its end now (from its current
    /// position), up to <see cref="ImageDecodingOptions.DefaultMaxEncodedBytes"/>
    /// (64 MiB), and is not disposed. Streams that cannot seek (pipes, network streams) are fine.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the encoded image.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable or is empty.</exception>
    /// <exception cref="InvalidImageException">The stream holds more than the limit.</exception>
    public static ImageInput FromStream(Stream stream) => FromStream(stream, ImageDecodingOptions.DefaultMaxEncodedBytes);

    /// <summary>
    /// An encoded image read from <paramref name="stream"/>: the stream is read to its end now (from its current
    /// position), up to <paramref name="maxBytes"/>, and is not disposed. Streams that cannot seek (pipes, network
    /// streams) are fine; one that does not end within the limit is refused after <paramref name="maxBytes"/> + 1 bytes.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the encoded image.</param>
    /// <param name="maxBytes">The most bytes to read; positive and below <see cref="Array.MaxLength"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable or is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is out of range.</exception>
    /// <exception cref="InvalidImageException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static ImageInput FromStream(Stream stream, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxBytes, Array.MaxLength);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        return FromEncodedCopy(EncodedImageReader.ReadStream(stream, maxBytes), nameof(stream));
    }

    /// <summary>An encoded image in memory. The bytes are copied, so later changes to the buffer have no effect.</summary>
    /// <param name="encoded">The encoded image (JPEG, PNG, ...).</param>
    /// <exception cref="ArgumentException"><paramref name="encoded"/> is empty.</exception>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> encoded) => FromEncodedCopy(encoded.ToArray(), nameof(encoded));

    /// <summary>
    /// Raw 8-bit interleaved pixels, e.g. from SkiaSharp, System.Drawing or OpenCV. The buffer is copied, so later
    /// changes to it have no effect. The alpha channel of the 32-bit formats is ignored.
    /// </summary>
    /// <param name="pixels">Row-major pixels; row <c>y</c> starts at byte <c>y * stride</c>.</param>
    /// <param name="width">Width in pixels, positive.</param>
    /// <param name="height">Height in pixels, positive.</param>
    /// <param name="format">Channel order of one pixel.</param>
    /// <param name="stride">Bytes from one row to the next (≥ width × bytes per pixel); 0 means tightly packed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, the stride or the format is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> is shorter than the image needs.</exception>
    public static ImageInput FromPixels(
        ReadOnlyMemory<byte> pixels, int width, int height, RawPixelFormat format, int stride = 0)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Expected one of Rgb24, Bgr24, Rgba32, Bgra32.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int bytesPerPixel = PixelFormatLayout.BytesPerPixel(format);
        long rowBytes = (long)width * bytesPerPixel;
        if (stride == 0)
        {
            stride = rowBytes <= int.MaxValue
                ? (int)rowBytes
                : throw new ArgumentOutOfRangeException(nameof(width), width, "A row of this width exceeds 2 GB.");
        }
        else if (stride < rowBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(stride), stride,
                $"The stride must be 0 (tightly packed) or at least width × {bytesPerPixel} bytes per {format} pixel = {rowBytes}.");
        }

        long required = ((long)stride * (height - 1)) + rowBytes;
        if (pixels.Length < required)
        {
            throw new ArgumentException(
                $"The pixel buffer holds {pixels.Length} bytes; a {width}×{height} {format} image with stride {stride} needs at least "
                + $"stride × (height − 1) + width × {bytesPerPixel} = {required} bytes.",
                nameof(pixels));
        }

        return new ImageInput(pixels[..(int)required].ToArray(), width, height, stride, format);
    }

    /// <summary>Makes the pixels available for one preprocessing call, decoding encoded inputs through <paramref name="guard"/>.</summary>
    internal PixelLease LeasePixels(EncodedImageGuard guard, CancellationToken cancellationToken)
    {
        if (_path is not null)
        {
            return guard.Decode(_path, cancellationToken);
        }

        if (_encoded is not null)
        {
            return guard.Decode(_encoded, cancellationToken);
        }

        return PixelLease.ForPixels(_pixels, _width, _height, _stride, _format);
    }

    private static ImageInput FromEncodedCopy(byte[] encoded, string parameterName)
    {
        if (encoded.Length == 0)
        {
            throw new ArgumentException("The encoded image is empty (0 bytes).", parameterName);
        }

        return new ImageInput(null, encoded);
    }
}
