namespace Florence2;

/// <summary>
/// Byte order of one pixel in a raw buffer passed to <see cref="ImageInput.FromPixels"/>. Every format uses
/// 8 bits per channel. An alpha channel is ignored (dropped, not blended), as Pillow's <c>convert('RGB')</c> does.
/// </summary>
public enum RawPixelFormat
{
    /// <summary>Three bytes per pixel: red, green, blue (ImageSharp <c>Rgb24</c>, Pillow <c>RGB</c>).</summary>
    Rgb24,

    /// <summary>Three bytes per pixel: blue, green, red (OpenCV's default <c>Mat</c> layout, GDI+ <c>Format24bppRgb</c>).</summary>
    Bgr24,

    /// <summary>Four bytes per pixel: red, green, blue, alpha (SkiaSharp <c>Rgba8888</c>).</summary>
    Rgba32,

    /// <summary>Four bytes per pixel: blue, green, red, alpha (SkiaSharp <c>Bgra8888</c>, GDI+ <c>Format32bppArgb</c>).</summary>
    Bgra32,
}
