using Florence2.Imaging;
using Florence2.TestModels;
using Florence2.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Florence2.Tests.SkiaSharp;

/// <summary>What the SkiaSharp decoder guarantees on its own, beside what both decoders share (the hostile-image matrix).</summary>
public sealed class SkiaSharpImageDecoderTests
{
    private static readonly ImagePreprocessingSettings Small = ImagePreprocessingSettings.Florence2Default with { TargetWidth = 16, TargetHeight = 16 };

    [Fact]
    public void A_bitmap_gives_the_same_tensor_as_its_png_decoded_by_either_decoder()
    {
        byte[] rgb = Support.TestImages.Pixels(40, 30, seed: 3);
        using var bitmap = new SKBitmap(new SKImageInfo(40, 30, SKColorType.Bgra8888, SKAlphaType.Unpremul));
        for (int y = 0; y < 30; y++)
        {
            for (int x = 0; x < 40; x++)
            {
                int o = ((y * 40) + x) * 3;
                bitmap.SetPixel(x, y, new SKColor(rgb[o], rgb[o + 1], rgb[o + 2], (byte)(x * 6)));
            }
        }

        float[] fromBitmap = Preprocess(SkiaSharpImageInput.FromBitmap(bitmap), TestDecoders.SkiaSharp);
        float[] fromPixels = Preprocess(ImageInput.FromPixels(rgb, 40, 30, RawPixelFormat.Rgb24), TestDecoders.SkiaSharp);
        float[] fromPng = Preprocess(ImageInput.FromBytes(Support.TestImages.Png(40, 30, seed: 3)), TestDecoders.SkiaSharp);

        Assert.Equal(fromPixels, fromBitmap); // alpha dropped, colour kept: not blended
        Assert.Equal(fromPixels, fromPng);
    }

    [Fact]
    public void A_bitmap_without_pixels_is_refused_naming_its_size()
    {
        using var empty = new SKBitmap();

        var error = Assert.Throws<ArgumentException>(() => SkiaSharpImageInput.FromBitmap(empty));

        Assert.Contains("empty (0×0)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => SkiaSharpImageInput.FromBitmap(null!));
    }

    [Fact]
    public void A_cut_png_given_straight_to_the_decoder_is_refused_as_truncated()
    {
        // The library's own check refuses a cut PNG before any decoder runs; the decoder must still not return the
        // filled-in rest of a cut file when called directly.
        using var image = Imaging.TestImages.MakePattern(64, 256);
        byte[] png = Imaging.TestImages.EncodePng(image);
        byte[] cut = png[..(png.Length / 2)];

        var error = Assert.Throws<InvalidImageException>(
            () => new SkiaSharpImageDecoder().Decode(cut, ImageFormats.Png, new ImageDecodingOptions(), CancellationToken.None));

        Assert.Contains("PNG image (64×256) is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_gif_is_refused()
    {
        // GIF has no byte-level check in the library: the decoder's own refusal is the only one.
        using var image = Imaging.TestImages.MakePattern(64, 64);
        using var stream = new MemoryStream();
        image.SaveAsGif(stream);
        byte[] gif = stream.ToArray();
        var options = new ImageDecodingOptions { AllowedFormats = ImageFormats.Gif };

        var error = Assert.Throws<InvalidImageException>(() => DecodedRgb.Decode(TestDecoders.SkiaSharp, gif[..(gif.Length / 2)], options));

        Assert.Contains("GIF", error.Message, StringComparison.Ordinal);
        DecodedRgb whole = DecodedRgb.Decode(TestDecoders.SkiaSharp, gif, options);
        Assert.Equal((64, 64), (whole.Width, whole.Height));
    }

    [Fact]
    public void A_gif_that_declares_60000_by_60000_is_refused_from_its_header_before_pixels_are_allocated()
    {
        using var image = Imaging.TestImages.MakePattern(8, 8);
        using var stream = new MemoryStream();
        image.SaveAsGif(stream);
        byte[] gif = stream.ToArray();
        // The logical screen size: two little-endian 16-bit values after "GIF89a"; the frame itself stays 8×8.
        gif[6] = 0x60; gif[7] = 0xEA; gif[8] = 0x60; gif[9] = 0xEA;
        var options = new ImageDecodingOptions { AllowedFormats = ImageFormats.Gif };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidImageException>(() => DecodedRgb.Decode(TestDecoders.SkiaSharp, gif, options));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("60000×60000", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPixels", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1 << 20, $"refusing it allocated {allocated:N0} bytes");
    }

    [Fact]
    public void An_image_whose_rgba_buffer_exceeds_the_largest_array_is_refused_when_the_limits_are_raised()
    {
        // 30000 × 30000 RGBA is 3.6 GB: within raised limits, but no managed array holds it.
        byte[] liar = Reliability.CraftedImages.PngClaiming(30_000, 30_000);
        var raised = new ImageDecodingOptions { MaxPixels = long.MaxValue, AllocationLimitMegabytes = 8192 };

        var error = Assert.Throws<InvalidImageException>(() => new SkiaSharpImageDecoder().Decode(liar, ImageFormats.Png, raised, CancellationToken.None));

        Assert.Contains("30000×30000", error.Message, StringComparison.Ordinal);
        Assert.Contains("largest array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_format_that_is_not_enabled_is_refused_by_the_decoder_itself()
    {
        byte[] png = Support.TestImages.Png(8, 8);

        var error = Assert.Throws<InvalidImageException>(() => new SkiaSharpImageDecoder().Decode(
            png, ImageFormats.Png, new ImageDecodingOptions { AllowedFormats = ImageFormats.Jpeg }, CancellationToken.None));

        Assert.Contains("AllowedFormats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_signature_and_content_disagree_is_refused()
    {
        // Called as if the library had detected JPEG: Skia reads PNG, which may not be enabled.
        var error = Assert.Throws<InvalidImageException>(() => new SkiaSharpImageDecoder().Decode(
            Support.TestImages.Png(8, 8), ImageFormats.Jpeg, new ImageDecodingOptions(), CancellationToken.None));

        Assert.Contains("Skia reads it as Png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_token_stops_the_decode_before_the_pixel_buffer_is_allocated()
    {
        byte[] png = Support.TestImages.Png(512, 512);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsAny<OperationCanceledException>(
            () => new SkiaSharpImageDecoder().Decode(png, ImageFormats.Png, new ImageDecodingOptions(), cancelled.Token));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 512 * 512 * 4, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Cancelling_during_a_jpeg_decode_stops_it_after_the_current_band_of_rows()
    {
        // Skia decodes JPEG row by row, so the decoder checks the token between bands; its PNG, GIF, BMP and WebP codecs
        // decode in one call (the token is checked before it, as in the ImageSharp decoder).
        using var image = Imaging.TestImages.MakePattern(64, 10 * SkiaSharpImageDecoder.RowsPerBand);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        using var cancellation = new CancellationTokenSource();
        var bands = new List<int>();

        Assert.ThrowsAny<OperationCanceledException>(() => new SkiaSharpImageDecoder().Decode(
            stream.ToArray(), ImageFormats.Jpeg, new ImageDecodingOptions(), rows =>
            {
                bands.Add(rows);
                if (bands.Count == 2)
                {
                    cancellation.Cancel();
                }
            }, cancellation.Token));

        Assert.Equal([SkiaSharpImageDecoder.RowsPerBand, 2 * SkiaSharpImageDecoder.RowsPerBand], bands);
    }

    [Fact]
    public void A_missing_native_library_is_a_typed_error_naming_the_package_that_brings_it()
    {
        var missing = new DllNotFoundException("Unable to load shared library 'libSkiaSharp' or one of its dependencies.");

        SkiaSharpNativeLibraryException? error = SkiaSharpNative.Check(() => throw missing);

        Assert.NotNull(error);
        Assert.Same(missing, error.InnerException);
        Assert.Contains("libSkiaSharp", error.Message, StringComparison.Ordinal);
        Assert.Contains("SkiaSharp.NativeAssets.Linux", error.Message, StringComparison.Ordinal);
        Assert.Null(SkiaSharpNative.Check(() => { }));
    }

    [Fact]
    public void Use_skia_sharp_sets_the_registrations_decoder()
    {
        using var folder = new TempDirectory();
        var services = new ServiceCollection();
        services.AddFlorence2(o => o.ModelPath = folder.Path).UseSkiaSharp();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<Florence2Options>>().Get(Options.DefaultName);

        Assert.IsType<SkiaSharpImageDecoder>(options.ImageDecoder);
    }

    [Fact]
    public void A_png_captioned_with_the_skia_decoder_gives_the_same_tokens_as_with_the_imagesharp_decoder()
    {
        using var folder = new TempModelFolder(new TinyModelOptions { Seed = 77 });
        var shortRun = new TaskOptions { Generation = new GenerationOptions { MaxNewTokens = 12 } };
        byte[] rgb = Support.TestImages.Pixels(96, 64, seed: 9);
        byte[] png = Support.TestImages.Png(96, 64, seed: 9);

        TextResult Caption(IImageDecoder decoder, ImageInput input)
        {
            using var model = Florence2Model.Load(folder.Path, new Florence2ModelOptions { ImageDecoder = decoder });
            return model.Caption(input, CaptionDetail.Detailed, shortRun);
        }

        TextResult skia = Caption(TestDecoders.SkiaSharp, ImageInput.FromBytes(png));
        TextResult imageSharp = Caption(TestDecoders.ImageSharp, ImageInput.FromBytes(png));
        TextResult pixels = Caption(TestDecoders.SkiaSharp, ImageInput.FromPixels(rgb, 96, 64, RawPixelFormat.Rgb24));

        Assert.NotNull(skia.Generation);
        Assert.Equal(imageSharp.Generation!.GeneratedTokenIds, skia.Generation.GeneratedTokenIds);
        Assert.Equal(pixels.Generation!.GeneratedTokenIds, skia.Generation.GeneratedTokenIds);
        Assert.Equal(imageSharp.Text, skia.Text);
    }

    private static float[] Preprocess(ImageInput input, IImageDecoder decoder)
    {
        var preprocessor = new ImagePreprocessor(Small, new ImageDecodingOptions(), decoder);
        var tensor = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(input, tensor, CancellationToken.None);
        return tensor;
    }
}
