using Florence2.Cli;
using Microsoft.Extensions.Time.Testing;

namespace Florence2.Tests.Samples.Cli;

/// <summary>The status line on stderr, and Ctrl+C.</summary>
public sealed class ConsoleProgressTests
{
    [Fact]
    public void Downloads_show_bytes_per_file_and_end_each_file_on_its_own_line()
    {
        using var error = new StringWriter();
        var progress = new ConsoleProgress(error, enabled: true);

        progress.Report(new DownloadProgress("onnx/encoder_model.onnx", 0, 2_000_000));
        progress.Report(new DownloadProgress("onnx/encoder_model.onnx", 2_000_000, 2_000_000));
        progress.Report(new DownloadProgress("config.json", 1_000, null));
        progress.Clear();

        var text = error.ToString();
        Assert.Contains("downloading onnx/encoder_model.onnx [########################] 2.0/2.0 MB" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("downloading config.json 0.0 MB", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_images_show_elapsed_time_rate_and_eta()
    {
        using var error = new StringWriter();
        var clock = new FakeTimeProvider();
        var progress = new ConsoleProgress(error, enabled: true, clock);

        progress.Image(1, 20, "a/first.png");
        clock.Advance(TimeSpan.FromSeconds(10));
        progress.Image(6, 20, "a/sixth.png");

        // 5 images in 10 s: 0.50/s, 15 left take 30 s.
        var text = error.ToString();
        Assert.Contains("first.png: 0/20 images, 0:00 elapsed", text, StringComparison.Ordinal);
        Assert.Contains("sixth.png: 5/20 images, 0:10 elapsed, 0.50/s, ETA 0:30", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_wait_shows_the_seconds_waited_and_is_cleared_when_it_ends()
    {
        using var error = new StringWriter();
        var clock = new FakeTimeProvider();
        var progress = new ConsoleProgress(error, enabled: true, clock);

        using (progress.Waiting("asking the Hub"))
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            progress.Line("hub: attempt 1 failed");
        }

        var text = error.ToString();
        Assert.Contains("asking the Hub 3 s", text, StringComparison.Ordinal);
        Assert.Contains("hub: attempt 1 failed" + Environment.NewLine + "\rasking the Hub", text, StringComparison.Ordinal);
        Assert.EndsWith("\r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_drawn_when_stderr_is_not_a_terminal()
    {
        using var error = new StringWriter();
        var progress = new ConsoleProgress(error, enabled: false);

        progress.Report(new DownloadProgress("config.json", 10, 10));
        progress.Image(1, 3, "a.png");
        using (progress.Waiting("asking the Hub"))
        {
        }

        progress.Clear();

        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task A_cancelled_run_exits_with_130()
    {
        var image = Path.Combine(Path.GetTempPath(), $"florence2-cli-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(image, Support.TestImages.Png(64, 64));
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await CliApp.RunAsync(["caption", image, "--model", Path.GetTempPath()], stdout, stderr, false, new CancellationToken(canceled: true));

            Assert.Equal(CliApp.Cancelled, code);
            Assert.Contains("cancelled", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(image);
        }
    }
}
