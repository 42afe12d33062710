namespace Florence2.Imaging;

/// <summary>
/// Read-only view of interleaved 8-bit pixels: <see cref="Stride"/> bytes per row, the channel order given by
/// <see cref="Format"/>. Lets the resampler read every input kind in place, without converting to RGB first.
/// </summary>
internal readonly ref struct PixelView
{
    public PixelView(ReadOnlySpan<byte> bytes, int width, int height, int stride, RawPixelFormat format)
    {
        Bytes = bytes;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public int Width { get; }

    public int Height { get; }

    public int Stride { get; }

    public RawPixelFormat Format { get; }

    public int BytesPerPixel => PixelFormatLayout.BytesPerPixel(Format);

    public ReadOnlySpan<byte> Row(int y) => Bytes.Slice(y * Stride, Width * BytesPerPixel);
}
