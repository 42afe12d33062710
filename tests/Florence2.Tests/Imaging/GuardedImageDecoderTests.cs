using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Florence2.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using Florence2.Tests.Support;

namespace Florence2.Tests.Imaging;

/// <summary>The guarded decode path with each decoder package (the nested classes at the end).</summary>
public abstract class GuardedImageDecoderTests(IImageDecoder decoder)
{
    private static readonly ImagePreprocessingSettings SmallTarget =
        ImagePreprocessingSettings.Florence2Default with { TargetWidth = 32, TargetHeight = 32 };

    [Fact]
    public void Format_not_enabled_is_refused_with_its_name_and_how_to_enable_it()
    {
        using Image<Rgb24> image = TestImages.MakePattern(16, 16);
        using var bmp = new MemoryStream();
        image.SaveAsBmp(bmp);

        var error = Assert.Throws<InvalidImageException>(() => Run(ImageInput.FromBytes(bmp.ToArray()), new ImageDecodingOptions()));

        Assert.Contains("BMP", error.Message, StringComparison.Ordinal);
        Assert.Contains("ImageFormats.Bmp", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowedFormats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_enabled_on_request_is_decoded()
    {
        using Image<Rgb24> image = TestImages.MakePattern(16, 16);
        using var bmp = new MemoryStream();
        image.SaveAsBmp(bmp);
        var options = new ImageDecodingOptions { AllowedFormats = ImageFormats.Png | ImageFormats.Bmp };

        Assert.Equal(Run(ImageSharpImageInput.FromImage(image), options), Run(ImageInput.FromBytes(bmp.ToArray()), options));
    }

    [Fact]
    public void Default_formats_are_jpeg_and_png_only()
    {
        Assert.Equal(ImageFormats.Jpeg | ImageFormats.Png, new ImageDecodingOptions().AllowedFormats);
    }

    [Fact]
    public void Animated_gif_uses_the_first_frame_only()
    {
        using var first = new Image<Rgb24>(8, 8, new Rgb24(255, 0, 0));
        using var second = new Image<Rgb24>(8, 8, new Rgb24(0, 0, 255));
        first.Frames.AddFrame(second.Frames.RootFrame);
        using var gif = new MemoryStream();
        first.SaveAsGif(gif);
        var options = new ImageDecodingOptions { AllowedFormats = ImageFormats.Gif };
        using var red = new Image<Rgb24>(8, 8, new Rgb24(255, 0, 0));

        Assert.Equal(Run(ImageSharpImageInput.FromImage(red), options), Run(ImageInput.FromBytes(gif.ToArray()), options));
    }

    [Fact]
    public void Unrecognized_bytes_are_an_invalid_image()
    {
        byte[] noise = new byte[4096];
        new Random(3).NextBytes(noise);

        Assert.Throws<InvalidImageException>(() => Run(ImageInput.FromBytes(noise), new ImageDecodingOptions()));
    }

    [Fact]
    public void Truncated_png_is_an_invalid_image()
    {
        using Image<Rgb24> image = TestImages.MakePattern(64, 64);
        byte[] png = TestImages.EncodePng(image);

        Assert.Throws<InvalidImageException>(() => Run(ImageInput.FromBytes(png.AsMemory(0, 60)), new ImageDecodingOptions()));
    }

    [Fact]
    public void Decompression_bomb_fails_fast_from_its_header()
    {
        byte[] bomb = MakeBlackPngOneBitPerPixel(20000, 20000);
        Assert.True(bomb.Length < 500_000, $"the bomb should be small, is {bomb.Length} bytes");
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<InvalidImageException>(() => Run(ImageInput.FromBytes(bomb), new ImageDecodingOptions()));

        stopwatch.Stop();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        Assert.Contains("20000×20000", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPixels (67,108,864)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompression_bomb_is_stopped_by_the_allocation_limit_when_the_pixel_cap_is_raised()
    {
        byte[] bomb = MakeBlackPngOneBitPerPixel(20000, 20000);
        var options = new ImageDecodingOptions { MaxPixels = long.MaxValue, AllocationLimitMegabytes = 64 };
        var stopwatch = Stopwatch.StartNew();

        Assert.Throws<InvalidImageException>(() => Run(ImageInput.FromBytes(bomb), options));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Non_positive_limits_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImagePreprocessor(SmallTarget, new ImageDecodingOptions { MaxPixels = 0 }, decoder));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImagePreprocessor(SmallTarget, new ImageDecodingOptions { AllocationLimitMegabytes = -1 }, decoder));
    }

    private float[] Run(ImageInput input, ImageDecodingOptions options)
    {
        var preprocessor = new ImagePreprocessor(SmallTarget, options, decoder);
        var tensor = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(input, tensor, CancellationToken.None);
        return tensor;
    }

    /// <summary>
    /// A valid greyscale PNG with 1 bit per pixel, all black: 20000×20000 compresses to about 50 KB but decodes to
    /// 1.2 GB of RGB.
    /// </summary>
    private static byte[] MakeBlackPngOneBitPerPixel(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1; // bit depth
        header[9] = 0; // colour type: greyscale; compression, filter and interlace stay 0
        PngChunkWriter.Write(png, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            // Each row: filter type 0 followed by width / 8 zero bytes.
            var row = new byte[1 + ((width + 7) / 8)];
            for (int y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        PngChunkWriter.Write(png, "IDAT", compressed.ToArray());
        PngChunkWriter.Write(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>With the ImageSharp decoder package.</summary>
    public sealed class WithImageSharp() : GuardedImageDecoderTests(TestDecoders.ImageSharp);

    /// <summary>With the SkiaSharp decoder package.</summary>
    public sealed class WithSkiaSharp() : GuardedImageDecoderTests(TestDecoders.SkiaSharp);
}
