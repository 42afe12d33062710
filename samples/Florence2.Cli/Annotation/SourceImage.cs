using SkiaSharp;

namespace Florence2.Cli.Annotation;

/// <summary>
/// An image file's pixels as the model read them (stored orientation, no colour conversion, alpha dropped) and how
/// viewers turn them upright (the JPEG's EXIF orientation, as Skia reads it).
/// </summary>
internal sealed class SourceImage : IDisposable
{
    private SourceImage(SKBitmap stored, SKEncodedOrigin origin)
    {
        Stored = stored;
        ToUpright = UprightMatrix(origin, stored.Width, stored.Height);
        var turned = (int)origin >= (int)SKEncodedOrigin.LeftTop;
        (UprightWidth, UprightHeight) = turned ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
    }

    /// <summary>The stored pixels, opaque: the frame the model's coordinates are in.</summary>
    public SKBitmap Stored { get; }

    /// <summary>Maps stored coordinates to upright ones (identity for an image without an orientation tag).</summary>
    public SKMatrix ToUpright { get; }

    public int UprightWidth { get; }

    public int UprightHeight { get; }

    /// <summary>
    /// Decodes <paramref name="path"/> as SkiaSharpImageDecoder does for the model: RGBA, unpremultiplied, no colour
    /// space (so no ICC or gamma conversion); then every alpha is set to opaque, since the model drops alpha too.
    /// The model has already decoded this file within its size limits, so the cost here is bounded by them.
    /// </summary>
    /// <exception cref="InvalidImageException">Skia cannot decode the file.</exception>
    public static SourceImage Load(string path)
    {
        using var data = SKData.Create(path) ?? throw new InvalidImageException($"{path}: the file could not be read for --annotate.");
        using var codec = SKCodec.Create(data) ?? throw new InvalidImageException($"{path}: Skia found no image it can decode for --annotate.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        try
        {
            // Decoded unpremultiplied into the opaque bitmap's memory (Skia refuses to decode alpha straight to opaque),
            // so each pixel keeps its stored colour whatever its alpha, as the model's decoder keeps it.
            var result = codec.GetPixels(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), bitmap.GetPixels());
            if (result != SKCodecResult.Success)
            {
                throw new InvalidImageException($"{path}: the image ({width}×{height}) could not be decoded for --annotate: Skia reported {result}.");
            }

            var pixels = bitmap.GetPixelSpan();
            for (var alpha = 3; alpha < pixels.Length; alpha += 4)
            {
                pixels[alpha] = 255;
            }

            return new SourceImage(bitmap, codec.EncodedOrigin);
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    public void Dispose() => Stored.Dispose();

    /// <summary>
    /// The EXIF orientation as a matrix on a <paramref name="width"/> × <paramref name="height"/> stored image: each
    /// tag names where the stored first row and first column appear when shown (6: first row on the right, first
    /// column on top, a quarter turn clockwise).
    /// </summary>
    internal static SKMatrix UprightMatrix(SKEncodedOrigin origin, float width, float height) => origin switch
    {
        SKEncodedOrigin.TopRight => Matrix(-1, 0, width, 0, 1, 0),
        SKEncodedOrigin.BottomRight => Matrix(-1, 0, width, 0, -1, height),
        SKEncodedOrigin.BottomLeft => Matrix(1, 0, 0, 0, -1, height),
        SKEncodedOrigin.LeftTop => Matrix(0, 1, 0, 1, 0, 0),
        SKEncodedOrigin.RightTop => Matrix(0, -1, height, 1, 0, 0),
        SKEncodedOrigin.RightBottom => Matrix(0, -1, height, -1, 0, width),
        SKEncodedOrigin.LeftBottom => Matrix(0, 1, 0, -1, 0, width),
        _ => SKMatrix.Identity,
    };

    // x' = a·x + b·y + c, y' = d·x + e·y + f
    private static SKMatrix Matrix(float a, float b, float c, float d, float e, float f) => new(a, b, c, d, e, f, 0, 0, 1);
}
