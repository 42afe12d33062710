using Florence2.Tests.Support;
using Xunit.Abstractions;

namespace Florence2.Tests.SkiaSharp;

/// <summary>
/// JPEG decoding is not bit-exact across decoders (the standard allows IDCT and chroma-upsampling differences), so the
/// two decoders must be close, not equal (issue 16). The files were written by Pillow (TestData/jpeg/make_jpeg_variants.py):
/// baseline and progressive, chroma 4:2:0 and 4:4:4, 251×173 so the chroma planes end in a partial block. Pillow's own
/// decode of each (libjpeg-turbo, what the reference Python pipeline sees) is the third opinion.
/// </summary>
public sealed class JpegAgreementTests(ITestOutputHelper output)
{
    // Measured on these files (docs/images.md, "Choosing a decoder"): SkiaSharp (libjpeg-turbo, as Pillow) equals Pillow
    // exactly; ImageSharp 2.1.13 (its own float IDCT and colour conversion) differs from both by at most 3 per channel with
    // 4:4:4 chroma (mean 0.035) and 10 with 4:2:0 (mean 0.50), where it also stretches the half-size chroma planes its own
    // way. The bounds are those figures plus a margin for ImageSharp's SIMD paths on other CPUs (±1 of float rounding);
    // libjpeg-turbo's integer IDCT and upsampling are exact on every SIMD path, so SkiaSharp keeps a bound of 1.
    private const int MaxSkiaToPillowDifference = 1;

    public static TheoryData<string, string, int, double> Files => new()
    {
        { "baseline_420.jpg", "pillow_420.png", 12, 0.6 },
        { "progressive_420.jpg", "pillow_420.png", 12, 0.6 },
        { "baseline_444.jpg", "pillow_444.png", 4, 0.1 },
        { "progressive_444.jpg", "pillow_444.png", 4, 0.1 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void The_same_jpeg_gives_close_pixels_through_both_decoders_and_pillow(string jpegFile, string pillowFile, int maxDifference, double maxMean)
    {
        byte[] jpeg = File.ReadAllBytes(PathOf(jpegFile));
        DecodedRgb pillow = DecodedRgb.Decode(TestDecoders.ImageSharp, File.ReadAllBytes(PathOf(pillowFile)));

        DecodedRgb imageSharp = DecodedRgb.Decode(TestDecoders.ImageSharp, jpeg);
        DecodedRgb skia = DecodedRgb.Decode(TestDecoders.SkiaSharp, jpeg);

        var between = DecodedRgb.Difference(imageSharp, skia);
        var skiaToPillow = DecodedRgb.Difference(skia, pillow);
        var imageSharpToPillow = DecodedRgb.Difference(imageSharp, pillow);
        output.WriteLine($"{jpegFile}: ImageSharp vs SkiaSharp max {between.Max} mean {between.Mean:F3}; "
            + $"SkiaSharp vs Pillow max {skiaToPillow.Max} mean {skiaToPillow.Mean:F3}; ImageSharp vs Pillow max {imageSharpToPillow.Max} mean {imageSharpToPillow.Mean:F3}");
        Assert.Equal((251, 173), (skia.Width, skia.Height));
        Assert.InRange(between.Max, 0, maxDifference);
        Assert.InRange(between.Mean, 0, maxMean);
        Assert.InRange(skiaToPillow.Max, 0, MaxSkiaToPillowDifference);
        Assert.InRange(imageSharpToPillow.Max, 0, maxDifference);
        Assert.InRange(imageSharpToPillow.Mean, 0, maxMean);
    }

    [Theory]
    [InlineData("420")]
    [InlineData("444")]
    public void A_progressive_jpeg_decodes_to_the_same_pixels_as_its_baseline_twin(string subsampling)
    {
        // Pillow wrote both from the same source with the same quantization: the coefficients are the same.
        foreach (IImageDecoder decoder in new[] { TestDecoders.ImageSharp, TestDecoders.SkiaSharp })
        {
            DecodedRgb baseline = DecodedRgb.Decode(decoder, File.ReadAllBytes(PathOf($"baseline_{subsampling}.jpg")));
            DecodedRgb progressive = DecodedRgb.Decode(decoder, File.ReadAllBytes(PathOf($"progressive_{subsampling}.jpg")));

            Assert.Equal(baseline.Rgb, progressive.Rgb);
        }
    }

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "jpeg", file);
}
