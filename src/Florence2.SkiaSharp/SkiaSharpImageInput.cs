using System.Runtime.InteropServices;
using SkiaSharp;

namespace Florence2;

/// <summary>An <see cref="ImageInput"/> from a SkiaSharp bitmap. Thread-safe (a static helper).</summary>
public static class SkiaSharpImageInput
{
    /// <summary>
    /// The pixels of <paramref name="bitmap"/>, copied (any colour type, converted to unpremultiplied RGBA without colour
    /// space conversion; alpha is then dropped, not blended), so the bitmap may change or be disposed afterwards.
    /// </summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <returns>An input that needs no decoder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bitmap"/> is null.</exception>
    /// <exception cref="ArgumentException">The bitmap is empty or its pixels cannot be read.</exception>
    public static ImageInput FromBitmap(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.Width <= 0 || bitmap.Height <= 0)
        {
            throw new ArgumentException($"The bitmap is empty ({bitmap.Width}×{bitmap.Height}).", nameof(bitmap));
        }

        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        GCHandle pin = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using SKPixmap source = bitmap.PeekPixels();
            if (source is null || !source.ReadPixels(info, pin.AddrOfPinnedObject(), info.RowBytes, 0, 0))
            {
                throw new ArgumentException($"The pixels of the {bitmap.ColorType} bitmap could not be read as RGBA.", nameof(bitmap));
            }
        }
        finally
        {
            pin.Free();
        }

        return ImageInput.FromPixels(pixels, info.Width, info.Height, RawPixelFormat.Rgba32, info.RowBytes);
    }
}
