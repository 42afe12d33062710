using System.Security.Cryptography;
using System.Text;
using Florence2.BatchCaption;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.Time.Testing;

namespace Florence2.Tests.Samples.BatchCaption;

/// <summary>--shard i/n: n runs caption every image exactly once; bad values are usage errors; help, progress.</summary>
public sealed class BatchCaptionShardTests : IDisposable
{
    private const string Caption = "A red car.";
    private static readonly string[] Names = ["a.png", "b.png", "c.jpg", "d.png", "e.png", "f.png", "g.jpeg"];

    private readonly TempModelFolder _model = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Caption) });
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "florence2-batch-shard-tests", Guid.NewGuid().ToString("N"));

    public BatchCaptionShardTests()
    {
        Directory.CreateDirectory(_folder);
        for (var i = 0; i < Names.Length; i++)
        {
            // PNG bytes under every extension: the decoder goes by content.
            File.WriteAllBytes(Path.Combine(_folder, Names[i]), TestImages.Png(64 + (8 * i), 48, seed: i));
        }
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(50)]
    public void The_shards_of_a_split_cover_every_name_exactly_once(int count)
    {
        var names = Enumerable.Range(0, 500).Select(i => $"photo-{i:0000}.jpg").Append("ünïcode ñame.png").Append("").ToList();

        var owners = names.Select(name => Enumerable.Range(0, count).Where(i => new Shard(i, count).Contains(name)).ToList()).ToList();

        Assert.All(owners, o => Assert.Single(o));
    }

    [Fact]
    public void A_files_shard_is_the_sha256_of_its_utf8_name_modulo_n()
    {
        // A second, independent computation of the documented rule: first 8 bytes of SHA-256, big-endian, modulo n.
        foreach (var name in new[] { "a.png", "IMG_0001.JPG", "ünïcode.png" })
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
            var first = hash.Take(8).Aggregate(0UL, (acc, b) => (acc << 8) | b);
            foreach (var n in new[] { 1, 2, 3, 10, 1000 })
            {
                Assert.Equal((int)(first % (ulong)n), Shard.Of(name, n));
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task N_runs_with_n_shards_caption_every_image_of_the_folder_exactly_once(int count)
    {
        var captioned = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var run = await BatchCaptionRun.Of(_folder, "--model", _model.Path, "--shard", $"{i}/{count}", "--batch-size", "3");

            Assert.Equal(0, run.ExitCode);
            captioned.AddRange(run.StdoutLines.Select(l => l.Split('\t')[0]));
        }

        Assert.Equal(Names, captioned.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("3")]
    [InlineData("-1/2")]
    [InlineData("0/0")]
    [InlineData("1/2/3")]
    [InlineData("a/b")]
    [InlineData(" 0/2")]
    public async Task A_bad_shard_is_a_usage_error_naming_the_form(string shard)
    {
        var run = await BatchCaptionRun.Of(_folder, "--model", _model.Path, $"--shard={shard}");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"usage error: {Shard.Form}; got '{shard}'.", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Fact]
    public async Task Help_shows_the_options_and_exit_codes()
    {
        var run = await BatchCaptionRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--shard <i/n>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--batch-size <N>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 all captioned", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task A_bare_invocation_is_a_usage_error()
    {
        var run = await BatchCaptionRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_log_the_run_ends_with_a_summary_on_stderr_and_stdout_keeps_only_captions()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await BatchCaptionApp.RunAsync([_folder, "--model", _model.Path], stdout, stderr, ProgressMode.Log, new FakeTimeProvider(), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.All(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.EndsWith($"\t{Caption}", l.TrimEnd('\r'), StringComparison.Ordinal));
        // The fake clock stands still: no rate, no ETA, and no periodic line.
        Assert.Equal($"done: {Names.Length}/{Names.Length} images, 0:00 elapsed{Environment.NewLine}", stderr.ToString());
    }

    [Fact]
    public void A_log_gets_a_progress_line_every_30_seconds_with_rate_and_eta()
    {
        using var stderr = new StringWriter();
        var clock = new FakeTimeProvider();
        var progress = new BatchProgress(stderr, ProgressMode.Log, total: 100, clock);

        progress.Report(0);
        clock.Advance(TimeSpan.FromSeconds(20));
        progress.Report(10);
        clock.Advance(TimeSpan.FromSeconds(20));
        progress.Report(20);

        // Only the report after 30 s writes: 20 images in 40 s, 80 left at 0.5/s.
        Assert.Equal($"progress: 20/100 images, 0:40 elapsed, 0.50/s, ETA 2:40{Environment.NewLine}", stderr.ToString());
    }
}
