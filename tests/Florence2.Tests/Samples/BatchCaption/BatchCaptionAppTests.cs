using System.Text.Json;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Samples.BatchCaption;

/// <summary>The BatchCaption sample on a folder of two images and a model scripted to answer one caption.</summary>
public sealed class BatchCaptionAppTests : IDisposable
{
    // Has a comma and a quote, so the CSV must quote it.
    private const string Caption = "A car, \"green\" and parked.";

    private readonly TempModelFolder _model = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Caption) });
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "florence2-batch-tests", Guid.NewGuid().ToString("N"));

    public BatchCaptionAppTests()
    {
        Directory.CreateDirectory(Images);
        File.WriteAllBytes(Path.Combine(Images, "b.png"), TestImages.Png(320, 240, seed: 2));
        File.WriteAllBytes(Path.Combine(Images, "a.png"), TestImages.Png(640, 480));
        File.WriteAllText(Path.Combine(Images, "notes.txt"), "not an image");
    }

    private string Images => Path.Combine(_folder, "images");

    [Fact]
    public async Task Prints_file_tab_caption_for_every_image()
    {
        var run = await BatchCaptionRun.Of(Images, "--model", _model.Path, "--parallel", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        // Lines come as images finish; the set is what counts, and notes.txt is not an image.
        Assert.Equal([$"a.png\t{Caption}", $"b.png\t{Caption}"], run.StdoutLines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_model_decodes_image_files_with_skia_sharp()
    {
        Assert.IsType<SkiaSharpImageDecoder>(Florence2.BatchCaption.BatchCaptionApp.ModelOptions().ImageDecoder);
    }

    [Fact]
    public async Task Writes_a_quoted_csv()
    {
        var csv = Path.Combine(_folder, "out", "captions.csv");

        var run = await BatchCaptionRun.Of(Images, "--model", _model.Path, "--output", csv);

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("file,caption", lines[0]);
        const string quoted = "\"A car, \"\"green\"\" and parked.\"";
        Assert.Equal([$"a.png,{quoted}", $"b.png,{quoted}"], lines[1..].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Writes_json_lines()
    {
        var jsonl = Path.Combine(_folder, "captions.jsonl");

        var run = await BatchCaptionRun.Of(Images, "--model", _model.Path, "--output", jsonl, "--parallel", "1");

        Assert.Equal(0, run.ExitCode);
        var rows = File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a.png", "b.png"], rows.Select(r => r.GetProperty("image").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("<CAPTION>", r.GetProperty("task").GetString()));
        Assert.All(rows, r => Assert.Equal("text", r.GetProperty("result").GetProperty("kind").GetString()));
        Assert.All(rows, r => Assert.Equal(Caption, r.GetProperty("result").GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_broken_image_is_reported_and_the_others_are_captioned()
    {
        File.WriteAllBytes(Path.Combine(Images, "c.jpg"), [0xFF, 0xD8, 0xFF, 0x00, 0x01]);

        var run = await BatchCaptionRun.Of(Images, "--model", _model.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.Contains("c.jpg: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 of 3 images could not be captioned.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_gone_after_the_listing_fails_alone_and_the_others_are_captioned()
    {
        // A link to nothing is listed with the folder's files but is gone by the time it is opened, as a file deleted
        // mid-run would be.
        File.CreateSymbolicLink(Path.Combine(Images, "gone.png"), Path.Combine(_folder, "nowhere.png"));

        var run = await BatchCaptionRun.Of(Images, "--model", _model.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([$"a.png\t{Caption}", $"b.png\t{Caption}"], run.StdoutLines.Order(StringComparer.Ordinal));
        Assert.Contains("gone.png: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 of 3 images could not be captioned.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_stops_with_exit_code_130()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var run = await BatchCaptionRun.Of(cancel.Token, Images, "--model", _model.Path);

        Assert.Equal(130, run.ExitCode);
        Assert.Empty(run.StdoutLines);
    }

    [Theory]
    [InlineData("--parallel", "0", "--parallel '0' is not a whole number from 1 to 64.")]
    [InlineData("--detail", "short", "--detail 'short' is not one of brief, detailed, paragraph.")]
    [InlineData("--output", "captions.txt", "--output 'captions.txt' must end in .csv or .jsonl.")]
    public async Task Bad_arguments_exit_2_naming_the_problem(string option, string value, string message)
    {
        var run = await BatchCaptionRun.Of(Images, "--model", _model.Path, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"usage error: {message}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_exits_2()
    {
        var run = await BatchCaptionRun.Of(Path.Combine(_folder, "missing"), "--model", _model.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_folder_without_files_exits_2_naming_the_model()
    {
        var empty = Path.Combine(_folder, "empty-model");
        Directory.CreateDirectory(empty);

        var run = await BatchCaptionRun.Of(Images, "--model", empty);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"The model '{empty}' could not be loaded: ", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _model.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }
}
