using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2;

/// <summary>
/// 16-bit PNG samples taken to 8 bits by their high byte, as Pillow (the reference pipeline) and Skia's decoder do.
/// ImageSharp's own 16-to-8-bit conversion rounds (<c>(v·255 + 32895) &gt;&gt; 16</c>), which gives one more than the
/// high byte for about half of all values, so the two decoder packages would give different pixels for one file.
/// </summary>
internal static class SixteenBitPng
{
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4): the bit depth follows. The library has checked
    // that IHDR is the first chunk before a decoder is called.
    private const int BitDepthOffset = 24;

    /// <summary>Whether <paramref name="png"/>'s header declares 16 bits per sample.</summary>
    public static bool Is(ReadOnlySpan<byte> png) => png.Length > BitDepthOffset && png[BitDepthOffset] == 16;

    /// <summary>The high bytes of every sample as packed RGB; alpha, when the file has it, is dropped.</summary>
    public static DecodedImage HighBytes(Image<Rgb48> image)
    {
        int width = image.Width;
        var rgb = new byte[checked(width * image.Height * 3)];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb48> row = rows.GetRowSpan(y);
                Span<byte> target = rgb.AsSpan(y * width * 3, width * 3);
                for (int x = 0; x < row.Length; x++)
                {
                    target[3 * x] = (byte)(row[x].R >> 8);
                    target[(3 * x) + 1] = (byte)(row[x].G >> 8);
                    target[(3 * x) + 2] = (byte)(row[x].B >> 8);
                }
            }
        });
        return new DecodedImage(rgb, width, image.Height, width * 3, RawPixelFormat.Rgb24);
    }
}
