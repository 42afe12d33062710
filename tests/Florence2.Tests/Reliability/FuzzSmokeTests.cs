using Florence2.Reliability.Fuzzing;

namespace Florence2.Tests.Reliability;

/// <summary>
/// Short seeded runs of the three fuzz targets of tools/Florence2.Reliability (the long runs are described in
/// docs/reliability.md). Each input is made from the seed and its index, so a failure here replays with
/// <c>fuzz &lt;target&gt; --seed S --first I --inputs 1</c>.
/// </summary>
public sealed class FuzzSmokeTests
{
    [Fact]
    public void Parser_survives_seeded_random_answers() =>
        AssertNoFailures(new ParserFuzzTarget(), seed: 7, inputs: 600, expectSomeSuccess: true);

    [Fact]
    public void Tokenizer_survives_seeded_random_text_and_ids()
    {
        using var target = new TokenizerFuzzTarget();
        AssertNoFailures(target, seed: 7, inputs: 300, expectSomeSuccess: true);
    }

    [Fact]
    public void Image_loader_survives_seeded_mutated_files()
    {
        using var target = new ImageFuzzTarget();
        var report = AssertNoFailures(target, seed: 7, inputs: 300, expectSomeSuccess: true);

        // Mutations break most files: the typed refusal must have been exercised too.
        Assert.True(report.Expected.GetValueOrDefault(nameof(InvalidImageException)) > 0, report.ToString());
    }

    [Fact]
    public void Image_loader_with_the_skia_decoder_survives_the_same_seeded_files()
    {
        using var target = new ImageFuzzTarget(new SkiaSharpImageDecoder());
        var report = AssertNoFailures(target, seed: 7, inputs: 300, expectSomeSuccess: true);

        Assert.True(report.Expected.GetValueOrDefault(nameof(InvalidImageException)) > 0, report.ToString());
    }

    [Fact]
    public void Image_fuzzer_makes_metadata_bombs_cut_images_broken_image_data_and_pipes()
    {
        // Issue 12: the earlier generator never made the inputs that cost seconds and gigabytes or were silently
        // accepted. Every family and hand-over kind must turn up among the 300 inputs of the smoke run above.
        using var target = new ImageFuzzTarget();
        var settings = new FuzzSettings(7, TimeSpan.Zero, TimeSpan.Zero);
        var cases = Enumerable.Range(0, 300).Select(i => (ImageInputCase)((IFuzzTarget)target).Generate(settings.RandomFor(i))).ToList();

        Assert.All(Enum.GetValues<ImageCaseFamily>(), family => Assert.Contains(cases, c => c.Family == family));
        Assert.All(Enum.GetValues<ImageInputKind>(), kind => Assert.Contains(cases, c => c.Kind == kind));
        Assert.Contains(cases, c => c.Detail.Contains("inflating to 1,073,741,824 bytes", StringComparison.Ordinal) && c.Bytes.Length < 2_200_000);
        Assert.Contains(cases, c => c.Detail.Contains("APP2 ICC profile", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.MustBeRefused && c.Family == ImageCaseFamily.Cut);
        Assert.Contains(cases, c => c.MustBeRefused && c.Family == ImageCaseFamily.ImageData);
        Assert.Contains(cases, c => c.MustBeAccepted && c.Family == ImageCaseFamily.Metadata);
        Assert.Equal(200L << 20, ((IFuzzTarget)target).AllocationLimit);
    }

    private static FuzzReport AssertNoFailures(IFuzzTarget target, int seed, int inputs, bool expectSomeSuccess)
    {
        // Bounded by the input count; the duration and timeout are generous safety nets for slow CI machines.
        var settings = new FuzzSettings(seed, Duration: TimeSpan.FromMinutes(5), InputTimeout: TimeSpan.FromSeconds(30), MaxInputs: inputs);
        var report = FuzzRunner.Run(target, settings, TextWriter.Null);

        Assert.True(report.FailureCount == 0, report.ToString());
        Assert.Equal(inputs, report.Inputs);
        Assert.True(!expectSomeSuccess || report.Successes > 0, report.ToString());
        return report;
    }
}
