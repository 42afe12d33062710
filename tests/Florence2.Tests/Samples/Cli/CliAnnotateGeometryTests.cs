using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Florence2.Tests.Support;
using static Florence2.Tests.Samples.Cli.CliTestFiles;

namespace Florence2.Tests.Samples.Cli;

/// <summary>
/// --annotate geometry: the outline lies on the box the scripted model answered, de-quantized as the spec says
/// (<c>(bin + 0.5) / 1000 × size</c>, computed here, not by the library); the PNG has the size of its input, and an
/// EXIF-rotated JPEG is drawn as viewers show it, with the box turned with the picture.
/// </summary>
public sealed class CliAnnotateGeometryTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    /// <summary>Line width on images whose short side is below 720 px (docs/cli.md: 2 px lines on 640×480).</summary>
    private const int Thickness = 2;

    /// <summary>How far from an edge's centre line a pixel is sure to be outside the line, antialiasing included.</summary>
    private const int Clear = (Thickness / 2) + 2;

    [Fact]
    public async Task Each_side_of_the_outline_lies_on_the_box_edge_from_the_bins()
    {
        var output = files.NewPath("edges.png");
        var run = await CliRun.Of("detect", files.Image, "--model", files.Detector.Path, "--annotate", output);

        Assert.Equal(0, run.ExitCode);
        using var input = Image.Load<Rgb24>(files.Image);
        using var drawn = Image.Load<Rgb24>(output);
        var box = (X1: Px(BoxBins[0], Width), Y1: Px(BoxBins[1], Height), X2: Px(BoxBins[2], Width), Y2: Px(BoxBins[3], Height));
        AssertOutline(box, (x, y) => drawn[x, y] != input[x, y]);
    }

    [Fact]
    public async Task The_png_has_the_size_of_its_input_whatever_its_shape()
    {
        var folder = files.NewPath("odd");
        Directory.CreateDirectory(folder);
        var image = TestImages.PngFile(Path.Combine(folder, "odd.png"), 333, 251, seed: 3);
        var output = Path.Combine(folder, "odd.annotated.png");

        var run = await CliRun.Of("detect", image, "--model", files.Detector.Path, "--annotate", output);

        Assert.Equal(0, run.ExitCode);
        var info = Image.Identify(output);
        Assert.Equal((333, 251), (info.Width, info.Height));
    }

    [Fact]
    public async Task An_exif_rotated_jpeg_is_drawn_upright_with_the_box_turned_with_it()
    {
        // Stored 640×480, EXIF orientation 6: viewers turn it a quarter clockwise and show 480×640. The model reads the
        // stored pixels (no orientation applied, as Pillow), so its box is in the stored frame.
        var folder = files.NewPath("exif");
        Directory.CreateDirectory(folder);
        var image = Path.Combine(folder, "rotated.jpg");
        var grey = new Rgb24(128, 128, 128);
        using (var stored = new Image<Rgb24>(Width, Height, grey))
        {
            stored.Metadata.ExifProfile = new ExifProfile();
            stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
            stored.SaveAsJpeg(image, new JpegEncoder { Quality = 95 });
        }

        var output = Path.Combine(folder, "rotated.annotated.png");
        var run = await CliRun.Of("detect", image, "--model", files.Detector.Path, "--annotate", output);

        Assert.Equal(0, run.ExitCode);
        using var drawn = Image.Load<Rgb24>(output);
        Assert.Equal((Height, Width), (drawn.Width, drawn.Height));

        // A quarter turn clockwise maps stored (x, y) to upright (storedHeight - y, x).
        var (x1, y1, x2, y2) = (Px(BoxBins[0], Width), Px(BoxBins[1], Height), Px(BoxBins[2], Width), Px(BoxBins[3], Height));
        var upright = (X1: Height - y2, Y1: x1, X2: Height - y1, Y2: x2);
        AssertOutline(upright, (x, y) => Distance(drawn[x, y], grey) > 40);
        Assert.All(new[] { (5, 5), (Height - 5, Width - 5) }, p => Assert.True(Distance(drawn[p.Item1, p.Item2], grey) <= 4));
    }

    /// <summary>
    /// On each side, at points along it away from the corners and the label: the pixel on the edge is drawn; the
    /// pixels <see cref="Clear"/> inside and outside it are not.
    /// </summary>
    private static void AssertOutline((float X1, float Y1, float X2, float Y2) box, Func<int, int, bool> isDrawn)
    {
        int R(float v) => (int)MathF.Floor(v);
        var alongX = new[] { 0.5f, 0.75f }.Select(t => R(box.X1 + ((box.X2 - box.X1) * t))).ToArray();
        var alongY = new[] { 0.25f, 0.5f, 0.75f }.Select(t => R(box.Y1 + ((box.Y2 - box.Y1) * t))).ToArray();
        var (left, right, top, bottom) = (R(box.X1), R(box.X2), R(box.Y1), R(box.Y2));
        foreach (var y in alongY)
        {
            Assert.True(isDrawn(left, y), $"left edge at ({left}, {y})");
            Assert.True(isDrawn(right, y), $"right edge at ({right}, {y})");
            Assert.All(new[] { left - Clear, left + Clear, right - Clear, right + Clear }, x => Assert.False(isDrawn(x, y), $"off the vertical edges at ({x}, {y})"));
        }

        foreach (var x in alongX)
        {
            Assert.True(isDrawn(x, top), $"top edge at ({x}, {top})");
            Assert.True(isDrawn(x, bottom), $"bottom edge at ({x}, {bottom})");
            Assert.All(new[] { top + Clear, bottom - Clear, bottom + Clear }, y => Assert.False(isDrawn(x, y), $"off the horizontal edges at ({x}, {y})"));
        }

        // Above the top edge only right of the label, which sits above the top-left corner.
        Assert.False(isDrawn(R(box.X2) - 10, top - Clear), $"above the top edge at ({R(box.X2) - 10}, {top - Clear})");
    }

    private static int Distance(Rgb24 a, Rgb24 b) => Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B)));
}
