using SkiaSharp;

namespace Florence2.Cli.Annotation;

/// <summary>
/// How labels are written: with a system typeface when Skia finds one, else with the built-in bitmap font.
/// </summary>
/// <remarks>
/// The CLI runs on SkiaSharp.NativeAssets.Linux.NoDependencies (no fontconfig): on Linux Skia then reads only the
/// font files under /usr/share/fonts, and a slim container has none, where <see cref="SKTypeface.Default"/> is an
/// empty typeface that draws nothing. Labels must never vanish silently, and no served NuGet package carries a
/// plain font file with its licence, so the 5×7 bitmap font (printable ASCII, '?' for the rest) is the fallback.
/// </remarks>
internal abstract class LabelFont : IDisposable
{
    // Sans families first (MatchFamily("sans-serif") resolves with fontconfig, Windows and macOS; the
    // file-directory font manager of the NoDependencies build knows only real family names).
    private static readonly string[] Families = ["sans-serif", "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    private static readonly Lazy<SKTypeface?> SystemTypeface = new(FindTypeface);

    /// <summary>Height of a line of text, from its top to the bottom of its descenders, in pixels.</summary>
    public abstract float LineHeight { get; }

    /// <summary>A label font for pictures whose short side is <paramref name="shortSide"/> pixels: larger on larger pictures.</summary>
    public static LabelFont For(int shortSide)
    {
        var scale = Math.Clamp((shortSide + 299) / 300, 1, 4);
        return SystemTypeface.Value is { } typeface ? new TypefaceLabelFont(typeface, 9f * scale) : new BitmapLabelFont(scale);
    }

    /// <summary>The width of <paramref name="text"/> in pixels.</summary>
    public abstract float Measure(string text);

    /// <summary>Writes <paramref name="text"/> with the top of its line at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public abstract void Draw(SKCanvas canvas, string text, float left, float top, SKColor color);

    public virtual void Dispose()
    {
    }

    private static SKTypeface? FindTypeface()
    {
        var fonts = SKFontManager.Default;
        foreach (var family in Families)
        {
            if (fonts.MatchFamily(family) is { GlyphCount: > 0 } typeface)
            {
                return typeface;
            }
        }

        return SKTypeface.Default is { GlyphCount: > 0 } fallback ? fallback : null;
    }
}
