using System.Text.Json;
using static Florence2.Tests.Samples.Cli.CliTestFiles;

namespace Florence2.Tests.Samples.Cli;

/// <summary>The florence2 commands end to end on a scripted model: JSON, tables, folders, help and exit codes.</summary>
public sealed class CliCommandTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    [Fact]
    public async Task Detect_json_gives_the_typed_boxes()
    {
        var run = await CliRun.Of("detect", files.Image, "--model", files.Detector.Path, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(files.Image, root.GetProperty("image").GetString());
        Assert.Equal("<OD>", root.GetProperty("task").GetString());
        Assert.Equal(Width, root.GetProperty("imageWidth").GetInt32());
        Assert.Equal(Height, root.GetProperty("imageHeight").GetInt32());
        Assert.Equal("boxes", root.GetProperty("result").GetProperty("kind").GetString());
        var detection = Assert.Single(root.GetProperty("result").GetProperty("boxes").EnumerateArray());
        Assert.Equal("car", detection.GetProperty("label").GetString());
        var box = detection.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        float[] expected = [Px(BoxBins[0], Width), Px(BoxBins[1], Height), Px(BoxBins[2], Width), Px(BoxBins[3], Height)];
        Assert.Equal(expected, box, (a, b) => Math.Abs(a - b) < 0.01f);
    }

    [Fact]
    public async Task Detect_prints_a_table_with_label_and_rounded_box()
    {
        var run = await CliRun.Of("detect", files.Image, "--model", files.Detector.Path);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("label", lines[0], StringComparison.Ordinal);
        var cells = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["car", "64", "96", "320", "288", "1.00"], cells);
    }

    [Fact]
    public async Task A_folder_gives_one_json_line_per_image()
    {
        var run = await CliRun.Of("detect", files.Images, "--model", files.Detector.Path, "--json");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(["a.png", "b.png"], lines.Select(l => Path.GetFileName(JsonDocument.Parse(l).RootElement.GetProperty("image").GetString())));
    }

    [Fact]
    public async Task Segment_table_names_the_polygon_bounds()
    {
        var run = await CliRun.Of("segment", files.Image, "--model", files.Segmenter.Path, "--expression", "the car");

        Assert.Equal(0, run.ExitCode);
        var cells = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["1", "64", "96", "320", "288"], cells[..5]);
    }

    [Fact]
    public async Task Run_json_keeps_the_debugging_keys()
    {
        var run = await CliRun.Of("run", "--image", files.Image, "--model", files.Detector.Path, "--task", "<OD>", "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Stdout).RootElement;
        var generation = root.GetProperty("generation");
        foreach (var key in new[] { "prompt", "promptTokenIds", "generatedTokenIds", "score", "decoderSteps", "timingsMs" })
        {
            Assert.True(generation.TryGetProperty(key, out _), key);
        }

        // The generated ids are the four location tokens, "car" and the end token, at least; the envelope counts them.
        Assert.Equal(generation.GetProperty("generatedTokenIds").GetArrayLength(), root.GetProperty("generatedTokens").GetInt32());
        Assert.Equal("boxes", root.GetProperty("result").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Run_prints_the_raw_answer()
    {
        var run = await CliRun.Of("run", files.Image, "--model", files.Detector.Path, "--task", "<OD>");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("car<loc_100><loc_200><loc_500><loc_600>", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var run = await CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "caption", "ocr", "detect", "dense-caption", "propose", "ground", "segment", "find", "region", "prompt", "run" })
        {
            // "  detect <IMAGE>", or "  dense-caption, regions <IMAGE>" with its alias.
            Assert.Matches($@"(?m)^  {command}[ ,]", run.Stdout);
        }

        Assert.Contains("--expression", (await CliRun.Of("segment", "--help")).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("explode", "x.png")]
    [InlineData("detect")]
    [InlineData("detect", "x.png", "--detail", "brief")]
    [InlineData("detect", "x.png", "--bogus")]
    [InlineData("ground", "x.png")]
    [InlineData("segment", "x.png")]
    [InlineData("segment", "x.png", "--expression", "car", "--region", "1,2,3,4")]
    [InlineData("region", "x.png", "--region", "1,2,3")]
    [InlineData("region", "x.png", "--region", "1,2,3,4", "--ocr", "--category")]
    [InlineData("caption", "x.png", "--detail", "long")]
    [InlineData("detect", "x.png", "--num-beams", "0")]
    [InlineData("detect", "x.png", "--min-score", "2")]
    [InlineData("detect", "x.png", "--variant", "fp64")]
    [InlineData("detect", "x.png", "--provider", "tpu")]
    [InlineData("detect", "x.png", "--model")]
    [InlineData("run", "x.png")]
    public async Task Usage_errors_exit_with_2_and_a_message(params string[] args)
    {
        var run = await CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Annotating_one_image_to_a_jpeg_name_is_a_usage_error()
    {
        var run = await CliRun.Of("detect", files.Image, "--model", files.Detector.Path, "--annotate", files.NewPath("out.jpg"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("*.png", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_image_fails_with_exit_code_1_and_no_stack_trace()
    {
        var run = await CliRun.Of("detect", Path.Combine(files.Folder, "missing.jpg"), "--model", files.Detector.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("missing.jpg", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_folder_fails_with_exit_code_1()
    {
        var run = await CliRun.Of("detect", files.Image, "--model", Path.Combine(files.Folder, "no-model"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no-model", run.Stderr, StringComparison.Ordinal);
    }
}
