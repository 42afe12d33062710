using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Florence2.Tests.Support;
using static Florence2.Tests.Samples.Cli.CliTestFiles;

namespace Florence2.Tests.Samples.Cli;

/// <summary>
/// --annotate geometry: the outline lies on the box the scripted model answered, de-quantized as the spec says
/// (<c>(bin + 0.5) / 1000 × size</c>, computed here, not by the library); and the PNG has the size of its input.
/// </summary>
public sealed class CliAnnotateGeometryTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    /// <summary>Line width on images whose short side is below 480 px (docs/cli.md: 2 px lines on 640×480).</summary>
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
}
