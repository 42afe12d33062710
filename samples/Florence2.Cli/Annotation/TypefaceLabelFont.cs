using SkiaSharp;

namespace Florence2.Cli.Annotation;

/// <summary>
/// Labels in a system typeface, antialiased. A label with a character the typeface lacks (an OCR line in another
/// script) is written in the typeface Skia matches to that character, when it has one; otherwise Skia draws its
/// missing-glyph box, so the gap shows.
/// </summary>
internal sealed class TypefaceLabelFont(SKTypeface typeface, float size) : LabelFont
{
    private readonly SKFont _font = new(typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
    private readonly Dictionary<string, SKFont> _fallbacks = [];

    public override float LineHeight => _font.Metrics.Descent - _font.Metrics.Ascent;

    public override float Measure(string text) => FontFor(text).MeasureText(text);

    public override void Draw(SKCanvas canvas, string text, float left, float top, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, left, top - _font.Metrics.Ascent, SKTextAlign.Left, FontFor(text), paint);
    }

    public override void Dispose()
    {
        _font.Dispose();
        foreach (var font in _fallbacks.Values)
        {
            font.Dispose();
        }

        base.Dispose();
    }

    private SKFont FontFor(string text)
    {
        if (_font.ContainsGlyphs(text))
        {
            return _font;
        }

        var missing = text.EnumerateRunes().FirstOrDefault(r => _font.GetGlyph(r.Value) == 0);
        if (missing.Value == 0 || SKFontManager.Default.MatchCharacter(missing.Value) is not { } typeface)
        {
            return _font;
        }

        if (!_fallbacks.TryGetValue(typeface.FamilyName, out var fallback))
        {
            fallback = new SKFont(typeface, _font.Size) { Edging = SKFontEdging.Antialias, Subpixel = true };
            _fallbacks[typeface.FamilyName] = fallback;
        }

        // A match without the glyph (the empty typeface of a machine without fonts) would write nothing.
        if (fallback.GetGlyph(missing.Value) == 0)
        {
            return _font;
        }

        return fallback;
    }
}
