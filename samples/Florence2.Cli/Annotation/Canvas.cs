using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Cli.Annotation;

/// <summary>
/// Minimal drawing on an ImageSharp image (ImageSharp.Drawing is not available): alpha-blended pixels, filled
/// rectangles, thick lines stamped along the segment, masks and bitmap text. Everything outside the image is clipped.
/// </summary>
internal sealed class Canvas(Image<Rgb24> image)
{
    public int Width => image.Width;

    public int Height => image.Height;

    public void Blend(int x, int y, Rgb24 color, float alpha)
    {
        if (x < 0 || y < 0 || x >= image.Width || y >= image.Height)
        {
            return;
        }

        var under = image[x, y];
        image[x, y] = new Rgb24(Mix(under.R, color.R, alpha), Mix(under.G, color.G, alpha), Mix(under.B, color.B, alpha));
    }

    /// <summary>Fills the pixels x in [x, x + width), y in [y, y + height).</summary>
    public void FillRectangle(int x, int y, int width, int height, Rgb24 color, float alpha = 1f)
    {
        for (var row = Math.Max(y, 0); row < Math.Min(y + height, image.Height); row++)
        {
            for (var column = Math.Max(x, 0); column < Math.Min(x + width, image.Width); column++)
            {
                Blend(column, row, color, alpha);
            }
        }
    }

    /// <summary>A line <paramref name="thickness"/> pixels wide, centred on the segment from a to b.</summary>
    public void Line(ImagePoint a, ImagePoint b, Rgb24 color, int thickness)
    {
        // One square stamp per pixel of length: simple, and thick enough lines have no gaps at any angle.
        var steps = (int)Math.Ceiling(Math.Max(Math.Abs(b.X - a.X), Math.Abs(b.Y - a.Y)));
        var half = thickness / 2f;
        for (var i = 0; i <= steps; i++)
        {
            var t = steps == 0 ? 0f : (float)i / steps;
            var x = a.X + ((b.X - a.X) * t);
            var y = a.Y + ((b.Y - a.Y) * t);
            FillRectangle((int)MathF.Round(x - half), (int)MathF.Round(y - half), thickness, thickness, color);
        }
    }

    /// <summary>The closed outline through <paramref name="points"/>.</summary>
    public void Outline(IReadOnlyList<ImagePoint> points, Rgb24 color, int thickness)
    {
        for (var i = 0; i < points.Count; i++)
        {
            Line(points[i], points[(i + 1) % points.Count], color, thickness);
        }
    }

    /// <summary>Tints every pixel the mask sets.</summary>
    public void Fill(BinaryMask mask, Rgb24 color, float alpha)
    {
        for (var y = 0; y < Math.Min(mask.Height, image.Height); y++)
        {
            for (var x = 0; x < Math.Min(mask.Width, image.Width); x++)
            {
                if (mask[x, y])
                {
                    Blend(x, y, color, alpha);
                }
            }
        }
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y), each font pixel a scale × scale square.</summary>
    public void Text(int x, int y, string text, Rgb24 color, int scale)
    {
        for (var i = 0; i < text.Length; i++)
        {
            for (var column = 0; column < BitmapFont.GlyphWidth; column++)
            {
                for (var row = 0; row < BitmapFont.GlyphHeight; row++)
                {
                    if (BitmapFont.IsInk(text[i], column, row))
                    {
                        FillRectangle(x + (((i * BitmapFont.Advance) + column) * scale), y + (row * scale), scale, scale, color);
                    }
                }
            }
        }
    }

    private static byte Mix(byte under, byte over, float alpha) => (byte)Math.Round(under + ((over - under) * alpha));
}
