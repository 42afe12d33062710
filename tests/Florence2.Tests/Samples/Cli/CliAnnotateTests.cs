using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Florence2.Tests.Samples.Cli.CliTestFiles;

namespace Florence2.Tests.Samples.Cli;

/// <summary>--annotate: the drawn pixels are where the scripted model put its box or polygon, and nowhere else.</summary>
public sealed class CliAnnotateTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    [Fact]
    public async Task A_box_is_outlined_where_the_model_put_it()
    {
        var output = files.NewPath("boxes.png");
        var run = await CliRun.Of("detect", files.Image, "--model", files.Detector.Path, "--annotate", output);

        Assert.Equal(0, run.ExitCode);
        using var input = Image.Load<Rgb24>(files.Image);
        using var drawn = Image.Load<Rgb24>(output);
        Assert.Equal(input.Size(), drawn.Size());
        var (x1, y1, x2, y2) = ((int)Px(BoxBins[0], Width), (int)Px(BoxBins[1], Height), (int)Px(BoxBins[2], Width), (int)Px(BoxBins[3], Height));
        var (midX, midY) = ((x1 + x2) / 2, (y1 + y2) / 2);

        // On the outline: the middle of each side.
        Assert.All(new[] { (x1, midY), (x2, midY), (midX, y1), (midX, y2) }, p => Assert.NotEqual(input[p.Item1, p.Item2], drawn[p.Item1, p.Item2]));

        // Well inside, and outside away from the label (which sits above the top-left corner): untouched.
        Assert.All(new[] { (midX, midY), (x1 + 10, y2 - 10), (x2 + 20, y2 + 20), (Width - 5, Height - 5), (x2 + 20, 20) },
            p => Assert.Equal(input[p.Item1, p.Item2], drawn[p.Item1, p.Item2]));

        // The label: a filled tag just above the box's top-left corner.
        Assert.NotEqual(input[x1 + 3, y1 - 4], drawn[x1 + 3, y1 - 4]);
    }

    [Fact]
    public async Task A_polygon_is_tinted_inside_and_outlined()
    {
        var output = files.NewPath("mask.png");
        var run = await CliRun.Of("segment", files.Image, "--model", files.Segmenter.Path, "--expression", "the car", "--annotate", output);

        Assert.Equal(0, run.ExitCode);
        using var input = Image.Load<Rgb24>(files.Image);
        using var drawn = Image.Load<Rgb24>(output);
        Assert.Equal(input.Size(), drawn.Size());
        var (top, right) = (((int)Px(PolygonBins[0], Width), (int)Px(PolygonBins[1], Height)), ((int)Px(PolygonBins[2], Width), (int)Px(PolygonBins[3], Height)));

        // Inside the diamond: tinted, not replaced (the picture still shows through, so pixels that differ in the input still differ).
        var inside = new[] { (top.Item1, right.Item2), (top.Item1 + 20, right.Item2), (top.Item1, right.Item2 + 40) };
        Assert.All(inside, p => Assert.NotEqual(input[p.Item1, p.Item2], drawn[p.Item1, p.Item2]));
        Assert.NotEqual(drawn[inside[0].Item1, inside[0].Item2], drawn[inside[1].Item1, inside[1].Item2]);

        // On the outline: the vertices; outside the diamond (its corners' bounding box corners): untouched.
        Assert.All(new[] { top, right }, p => Assert.NotEqual(input[p.Item1, p.Item2], drawn[p.Item1, p.Item2]));
        Assert.All(new[] { (right.Item1 - 5, top.Item2 + 5), (right.Item1 - 5, (2 * right.Item2) - top.Item2 - 5), (Width - 5, Height - 5) },
            p => Assert.Equal(input[p.Item1, p.Item2], drawn[p.Item1, p.Item2]));
    }

    [Fact]
    public async Task A_folder_is_annotated_into_a_folder_of_pngs()
    {
        var output = files.NewPath("annotated");
        var run = await CliRun.Of("detect", files.Images, "--model", files.Detector.Path, "--annotate", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["a.annotated.png", "b.annotated.png"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("a.png", run.Stdout, StringComparison.Ordinal);
    }
}
