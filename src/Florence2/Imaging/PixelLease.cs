using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Imaging;

/// <summary>
/// The pixels of one <see cref="ImageInput"/> for the duration of one preprocessing call. Disposing it frees what
/// the lease owns (a decoded image, a pooled copy) and never touches buffers or images that belong to the caller.
/// </summary>
internal sealed class PixelLease : IDisposable
{
    private readonly Image<Rgb24>? _image;
    private readonly bool _ownsImage;
    private readonly byte[]? _rented;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly int _width;
    private readonly int _height;
    private readonly int _stride;
    private readonly RawPixelFormat _format;
    private bool _disposed;

    private PixelLease(
        Image<Rgb24>? image, bool ownsImage, byte[]? rented, ReadOnlyMemory<byte> memory,
        int width, int height, int stride, RawPixelFormat format)
    {
        _image = image;
        _ownsImage = ownsImage;
        _rented = rented;
        _memory = memory;
        _width = width;
        _height = height;
        _stride = stride;
        _format = format;
    }

    public PixelView View
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ReadOnlySpan<byte> bytes = _image is not null && _image.DangerousTryGetSinglePixelMemory(out Memory<Rgb24> pixels)
                ? MemoryMarshal.AsBytes(pixels.Span)
                : _memory.Span;
            return new PixelView(bytes, _width, _height, _stride, _format);
        }
    }

    /// <summary>Leases caller-owned raw pixels in place.</summary>
    public static PixelLease ForPixels(ReadOnlyMemory<byte> pixels, int width, int height, int stride, RawPixelFormat format) =>
        new(null, false, null, pixels, width, height, stride, format);

    /// <summary>
    /// Leases an ImageSharp image: in place when its pixels are one contiguous buffer, otherwise as a pooled copy.
    /// </summary>
    public static PixelLease ForImage(Image<Rgb24> image, bool ownsImage)
    {
        int width = image.Width;
        int height = image.Height;
        int stride = width * 3;
        if (image.DangerousTryGetSinglePixelMemory(out _))
        {
            return new PixelLease(image, ownsImage, null, ReadOnlyMemory<byte>.Empty, width, height, stride, RawPixelFormat.Rgb24);
        }

        int length = checked(stride * height);
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            image.CopyPixelDataTo(rented.AsSpan(0, length));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
        finally
        {
            if (ownsImage)
            {
                image.Dispose();
            }
        }

        return new PixelLease(null, false, rented, rented.AsMemory(0, length), width, height, stride, RawPixelFormat.Rgb24);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsImage)
        {
            _image?.Dispose();
        }

        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }
}
