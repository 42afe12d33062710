namespace Florence2.Imaging;

/// <summary>Byte sizes and channel positions of the <see cref="RawPixelFormat"/> values.</summary>
internal static class PixelFormatLayout
{
    public static int BytesPerPixel(RawPixelFormat format) => format switch
    {
        RawPixelFormat.Rgb24 or RawPixelFormat.Bgr24 => 3,
        RawPixelFormat.Rgba32 or RawPixelFormat.Bgra32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown raw pixel format."),
    };

    /// <summary>Byte offset of red within a pixel; blue sits at <c>2 - RedOffset</c>, green always at 1.</summary>
    public static int RedOffset(RawPixelFormat format) => format switch
    {
        RawPixelFormat.Rgb24 or RawPixelFormat.Rgba32 => 0,
        RawPixelFormat.Bgr24 or RawPixelFormat.Bgra32 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown raw pixel format."),
    };
}
