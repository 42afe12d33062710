using Florence2.Cli.Annotation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Florence2.Tests.Samples.Cli;

/// <summary>The annotation drawing on its own: labels in either font, banner wrapping, and the EXIF orientations.</summary>
public sealed class AnnotatorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "florence2-annotator-tests", Guid.NewGuid().ToString("N"));

    public AnnotatorTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>"汽车" is in no font of a plain Linux machine: the typeface font draws what Skia matches or its missing-glyph box, the bitmap font '?'.</summary>
    [Theory]
    [InlineData(true, "car")]
    [InlineData(false, "car")]
    [InlineData(true, "汽车")]
    [InlineData(false, "汽车")]
    public void A_label_is_written_on_its_tag_with_a_system_font_or_the_bitmap_fallback(bool bitmap, string label)
    {
        // A grey 200×100 picture and a region answer: the region (40, 50)–(160, 90) boxed and tagged with the answer alone
        // (no score), the tag above its top-left corner.
        using var source = GreySource(200, 100);
        var result = new TextResult(label, label, new ImageSize(200, 100), isTruncated: false);
        using LabelFont font = bitmap ? new BitmapLabelFont(1) : LabelFont.For(100);
        using var picture = new SKBitmap(new SKImageInfo(200, 100, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(picture))
        {
            Annotator.Draw(canvas, source, result, new BoundingBox(40, 50, 160, 90), font);
        }

        var tag = Palette.For(label);
        var ink = Palette.TextOn(tag);
        var above = Enumerable.Range(0, 50).SelectMany(y => Enumerable.Range(38, 100).Select(x => picture.GetPixel(x, y))).ToList();
        Assert.Contains(tag, above);
        Assert.Contains(ink, above);

        // Text is narrower than the box here, so the tag ends before the box's right end.
        Assert.Equal(Grey, picture.GetPixel(150, 45));
    }

    [Fact]
    public void A_banner_line_never_runs_past_the_width_and_loses_no_word()
    {
        using var font = new BitmapLabelFont(1); // 6 px per character
        const string Text = "a car parked on a street beside a supercalifragilistic lamp";

        var lines = Annotator.Wrap(Text, 60, font);

        Assert.All(lines, line => Assert.True(font.Measure(line) <= 60, $"'{line}' is {font.Measure(line)} px wide"));
        Assert.Equal(Text.Replace(" ", ""), string.Concat(lines).Replace(" ", ""));
        Assert.Contains("a car", lines);
        Assert.Equal(["supercalif", "ragilistic"], lines.Where(l => l.StartsWith("super", StringComparison.Ordinal) || l.StartsWith("ragil", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Where the stored image's first pixel (0, 0) and the end of its first row (W, 0) appear when shown, from the EXIF
    /// definition of each tag ("the 0th row is the visual top/bottom/left/right, the 0th column the visual ..."), on a
    /// stored 40×30 image (shown 30×40 for tags 5 to 8).
    /// </summary>
    [Theory]
    [InlineData(SKEncodedOrigin.TopLeft, 0, 0, 40, 0)]
    [InlineData(SKEncodedOrigin.TopRight, 40, 0, 0, 0)]
    [InlineData(SKEncodedOrigin.BottomRight, 40, 30, 0, 30)]
    [InlineData(SKEncodedOrigin.BottomLeft, 0, 30, 40, 30)]
    [InlineData(SKEncodedOrigin.LeftTop, 0, 0, 0, 40)]
    [InlineData(SKEncodedOrigin.RightTop, 30, 0, 30, 40)]
    [InlineData(SKEncodedOrigin.RightBottom, 30, 40, 30, 0)]
    [InlineData(SKEncodedOrigin.LeftBottom, 0, 40, 0, 0)]
    public void Each_exif_orientation_puts_the_first_row_where_the_tag_says(SKEncodedOrigin origin, float x0, float y0, float xEnd, float yEnd)
    {
        var matrix = SourceImage.UprightMatrix(origin, 40, 30);

        Assert.Equal(new SKPoint(x0, y0), matrix.MapPoint(0, 0));
        Assert.Equal(new SKPoint(xEnd, yEnd), matrix.MapPoint(40, 0));
    }

    private static readonly SKColor Grey = new(128, 128, 128);

    private SourceImage GreySource(int width, int height)
    {
        var path = Path.Combine(_folder, $"grey-{width}x{height}.png");
        using (var image = new Image<Rgb24>(width, height, new Rgb24(128, 128, 128)))
        {
            image.SaveAsPng(path);
        }

        return SourceImage.Load(path);
    }
}
