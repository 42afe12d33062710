using Florence2.Imaging;

namespace Florence2;

/// <summary>
/// The pixels an <see cref="IImageDecoder"/> produced: 8-bit interleaved rows in one of the <see cref="RawPixelFormat"/>
/// layouts (alpha, when present, is ignored), and whatever owns them. Disposing it disposes the owner.
/// </summary>
/// <remarks>Not thread-safe; the library reads it from one thread and disposes it once.</remarks>
public sealed class DecodedImage : IDisposable
{
    private readonly IDisposable? _owner;
    private readonly ReadOnlyMemory<byte> _pixels;
    private bool _disposed;

    /// <summary>Wraps decoded pixels.</summary>
    /// <param name="pixels">Row-major pixels; row <c>y</c> starts at byte <c>y * stride</c>.</param>
    /// <param name="width">Width in pixels, positive.</param>
    /// <param name="height">Height in pixels, positive.</param>
    /// <param name="stride">Bytes from one row to the next, at least width × bytes per pixel.</param>
    /// <param name="format">Channel order of one pixel.</param>
    /// <param name="owner">Disposed with this instance (the decoder's image or pooled buffer); null when nothing needs it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, the stride or the format is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> is shorter than the image needs.</exception>
    public DecodedImage(ReadOnlyMemory<byte> pixels, int width, int height, int stride, RawPixelFormat format, IDisposable? owner = null)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Expected one of Rgb24, Bgr24, Rgba32, Bgra32.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long rowBytes = (long)width * PixelFormatLayout.BytesPerPixel(format);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, rowBytes);
        long required = ((long)stride * (height - 1)) + rowBytes;
        if (pixels.Length < required)
        {
            throw new ArgumentException(
                $"The pixel buffer holds {pixels.Length} bytes; a {width}×{height} {format} image with stride {stride} needs {required}.",
                nameof(pixels));
        }

        _pixels = pixels;
        _owner = owner;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes from one row to the next.</summary>
    public int Stride { get; }

    /// <summary>Channel order of one pixel.</summary>
    public RawPixelFormat Format { get; }

    /// <summary>The pixels, valid until this instance is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public ReadOnlyMemory<byte> Pixels
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _pixels;
        }
    }

    /// <summary>Disposes the owner of the pixels.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _owner?.Dispose();
    }
}
