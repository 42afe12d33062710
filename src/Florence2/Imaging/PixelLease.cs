namespace Florence2.Imaging;

/// <summary>
/// The pixels of one <see cref="ImageInput"/> for the duration of one preprocessing call. Disposing it frees what
/// the lease owns (a decoded image) and never touches buffers that belong to the caller.
/// </summary>
internal sealed class PixelLease : IDisposable
{
    private readonly DecodedImage? _decoded;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly int _width;
    private readonly int _height;
    private readonly int _stride;
    private readonly RawPixelFormat _format;
    private bool _disposed;

    private PixelLease(DecodedImage? decoded, ReadOnlyMemory<byte> memory, int width, int height, int stride, RawPixelFormat format)
    {
        _decoded = decoded;
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
            return new PixelView(_memory.Span, _width, _height, _stride, _format);
        }
    }

    /// <summary>Leases caller-owned raw pixels in place.</summary>
    public static PixelLease ForPixels(ReadOnlyMemory<byte> pixels, int width, int height, int stride, RawPixelFormat format) =>
        new(null, pixels, width, height, stride, format);

    /// <summary>Leases what a decoder produced; the lease disposes it.</summary>
    public static PixelLease ForDecoded(DecodedImage decoded) =>
        new(decoded, decoded.Pixels, decoded.Width, decoded.Height, decoded.Stride, decoded.Format);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _decoded?.Dispose();
    }
}
