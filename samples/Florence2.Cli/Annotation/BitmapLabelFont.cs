using SkiaSharp;

namespace Florence2.Cli.Annotation;

/// <summary>Labels in the built-in 5×7 <see cref="BitmapFont"/>, each font pixel a <paramref name="scale"/> × <paramref name="scale"/> square: needs no font file.</summary>
internal sealed class BitmapLabelFont(int scale) : LabelFont
{
    public override float LineHeight => BitmapFont.GlyphHeight * scale;

    public override float Measure(string text) => BitmapFont.Measure(text, scale).Width;

    public override void Draw(SKCanvas canvas, string text, float left, float top, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = false };
        var (x, y) = (MathF.Round(left), MathF.Round(top));
        for (var i = 0; i < text.Length; i++)
        {
            for (var column = 0; column < BitmapFont.GlyphWidth; column++)
            {
                for (var row = 0; row < BitmapFont.GlyphHeight; row++)
                {
                    if (BitmapFont.IsInk(text[i], column, row))
                    {
                        canvas.DrawRect(x + (((i * BitmapFont.Advance) + column) * scale), y + (row * scale), scale, scale, paint);
                    }
                }
            }
        }
    }
}
