using Florence2.Imaging;

namespace Florence2.Tests.Imaging;

/// <summary>
/// The resample passes, vectorized and scalar, against <see cref="PlainPillowResize"/> on random pixels: every size class the
/// kernels special-case (row counts that are not a multiple of 8, row lengths that are not a multiple of 32 bytes,
/// one-pixel images, up- and downscaling, one pass only) and every raw pixel layout, byte for byte.
/// </summary>
public sealed class VectorResampleKernelsTests
{
    [Theory]
    [InlineData(1920, 1080, 768, 768, RawPixelFormat.Rgb24)]
    [InlineData(333, 97, 768, 768, RawPixelFormat.Bgr24)]
    [InlineData(37, 13, 11, 29, RawPixelFormat.Rgba32)]
    [InlineData(1, 1, 768, 768, RawPixelFormat.Bgra32)]
    [InlineData(1, 200, 7, 3, RawPixelFormat.Rgb24)]
    [InlineData(500, 9, 500, 17, RawPixelFormat.Rgb24)] // vertical pass only
    [InlineData(501, 9, 130, 9, RawPixelFormat.Bgra32)] // horizontal pass only
    [InlineData(64, 40, 64, 40, RawPixelFormat.Bgr24)] // no pass: a copy to RGB
    public void Resize_EqualsThePlainImplementation(int width, int height, int outWidth, int outHeight, RawPixelFormat format)
    {
        var bytesPerPixel = format is RawPixelFormat.Rgba32 or RawPixelFormat.Bgra32 ? 4 : 3;
        var redOffset = format is RawPixelFormat.Bgr24 or RawPixelFormat.Bgra32 ? 2 : 0;
        var stride = (width * bytesPerPixel) + 5; // padded rows: the kernels must honour the stride
        var pixels = new byte[stride * height];
        new Random((width * 31) + height).NextBytes(pixels);

        var expected = PlainPillowResize.Resize(pixels, width, height, stride, bytesPerPixel, redOffset, outWidth, outHeight);
        foreach (var vectorized in new[] { false, VectorResampleKernels.IsSupported })
        {
            var actual = new byte[outWidth * outHeight * 3];
            PillowBicubicResampler.Resize(new PixelView(pixels, width, height, stride, format), actual, outWidth, outHeight, vectorized, CancellationToken.None);
            AssertSameBytes(expected, actual, vectorized);
        }
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual, bool vectorized)
    {

        var firstDifference = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                firstDifference = i;
                break;
            }
        }

        Assert.True(firstDifference < 0, $"{(vectorized ? "vector" : "scalar")} passes: first differing byte at {firstDifference}: expected {(firstDifference < 0 ? 0 : expected[firstDifference])}, got {(firstDifference < 0 ? 0 : actual[firstDifference])}");
    }
}
