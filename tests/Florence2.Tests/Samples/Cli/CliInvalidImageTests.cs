using Florence2.Tests.Support;

namespace Florence2.Tests.Samples.Cli;

/// <summary>An image the decoder refuses: exit code 1 and an error line naming it; in a folder, the other images still run.</summary>
public sealed class CliInvalidImageTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    [Fact]
    public async Task A_png_with_a_corrupt_body_fails_with_exit_code_1_and_the_decoders_message()
    {
        var image = CorruptPng("corrupt.png");

        var run = await CliRun.Of("detect", image, "--model", files.Detector.Path, "--annotate", files.NewPath("never.png"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("PNG", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("640×480", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task A_corrupt_image_in_a_folder_is_named_and_the_others_are_still_annotated()
    {
        var image = CorruptPng("a-corrupt.png");
        File.Copy(files.Image, Path.Combine(Path.GetDirectoryName(image)!, "b-good.png"));
        var output = files.NewPath("annotated");

        var run = await CliRun.Of("detect", Path.GetDirectoryName(image)!, "--model", files.Detector.Path, "--annotate", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: {image}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["b-good.annotated.png"], Directory.GetFiles(output).Select(Path.GetFileName));
    }

    /// <summary>A PNG whose signature and header are intact (640×480) and whose chunks after them are scrambled.</summary>
    private string CorruptPng(string name)
    {
        var folder = files.NewPath("corrupt");
        Directory.CreateDirectory(folder);
        var png = TestImages.Png(CliTestFiles.Width, CliTestFiles.Height);
        var random = new Random(5);
        for (var i = 41; i < png.Length - 12; i++)
        {
            png[i] = (byte)random.Next(256);
        }

        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, png);
        return path;
    }
}
