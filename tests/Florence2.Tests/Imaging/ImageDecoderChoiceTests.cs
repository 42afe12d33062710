using System.Reflection;
using Florence2.Imaging;
using Florence2.Tests.Support;

namespace Florence2.Tests.Imaging;

public sealed class ImageDecoderChoiceTests
{
    private static readonly ImagePreprocessingSettings Small = ImagePreprocessingSettings.Florence2Default with { TargetWidth = 8, TargetHeight = 8 };

    [Fact]
    public void An_encoded_image_without_a_decoder_is_refused_naming_both_packages_and_the_line_that_adds_one()
    {
        var preprocessor = new ImagePreprocessor(Small, new ImageDecodingOptions());
        var tensor = new float[preprocessor.TensorLength];

        var error = Assert.Throws<ImageDecoderMissingException>(
            () => preprocessor.Preprocess(ImageInput.FromBytes(Support.TestImages.Png(4, 4)), tensor, CancellationToken.None));

        Assert.Contains("Florence2.OnnxRuntime.SkiaSharp", error.Message);
        Assert.Contains("Florence2.OnnxRuntime.ImageSharp", error.Message);
        Assert.Contains("ImageDecoder = new SkiaSharpImageDecoder()", error.Message);
    }

    [Fact]
    public void Raw_pixels_need_no_decoder()
    {
        var preprocessor = new ImagePreprocessor(Small, new ImageDecodingOptions());
        var tensor = new float[preprocessor.TensorLength];

        var size = preprocessor.Preprocess(ImageInput.FromPixels(new byte[4 * 4 * 3], 4, 4, RawPixelFormat.Rgb24), tensor, CancellationToken.None);

        Assert.Equal(new ImageSize(4, 4), size);
    }

    [Fact]
    public void A_format_the_decoder_cannot_decode_is_refused_before_it_is_called()
    {
        var decoder = new CountingDecoder(ImageFormats.Jpeg);
        var guard = new EncodedImageGuard(new ImageDecodingOptions(), decoder);

        var error = Assert.Throws<InvalidImageException>(() => guard.Decode(Support.TestImages.Png(4, 4), CancellationToken.None));

        Assert.Contains("cannot decode", error.Message);
        Assert.Equal(0, decoder.Calls);
    }

    [Fact]
    public void A_png_larger_than_the_limit_is_refused_from_its_header_before_the_decoder_is_called()
    {
        var decoder = new CountingDecoder(ImageFormats.Png);
        var guard = new EncodedImageGuard(new ImageDecodingOptions { MaxPixels = 15 }, decoder);

        var error = Assert.Throws<InvalidImageException>(() => guard.Decode(Support.TestImages.Png(4, 4), CancellationToken.None));

        Assert.Contains("MaxPixels", error.Message);
        Assert.Equal(0, decoder.Calls);
    }

    [Fact]
    public void A_decoder_that_returns_another_size_than_the_header_is_not_trusted()
    {
        var guard = new EncodedImageGuard(new ImageDecodingOptions(), new CountingDecoder(ImageFormats.Png, width: 3));

        var error = Assert.Throws<InvalidImageException>(() => guard.Decode(Support.TestImages.Png(4, 4), CancellationToken.None));

        Assert.Contains("declares 4×4 pixels, but the decoder returned 3×4", error.Message);
    }

    [Fact]
    public void An_untyped_decoder_failure_becomes_an_invalid_image_naming_the_format_and_size()
    {
        var guard = new EncodedImageGuard(new ImageDecodingOptions(), new CountingDecoder(ImageFormats.Png, fail: true));

        var error = Assert.Throws<InvalidImageException>(() => guard.Decode(Support.TestImages.Png(4, 4), CancellationToken.None));

        Assert.StartsWith("The PNG image (4×4) could not be decoded: boom", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void The_imagesharp_version_the_package_names_is_the_one_the_tests_load()
    {
        var loaded = ImageSharpVersion.Loaded(typeof(SixLabors.ImageSharp.Image).Assembly);

        Assert.Equal(ImageSharpVersion.BuiltOn, loaded);
        Assert.Null(ImageSharpVersion.Check(loaded));
    }

    [Fact]
    public void A_newer_imagesharp_gets_a_typed_error_naming_both_versions_and_the_way_out()
    {
        var error = ImageSharpVersion.Check(new Version(4, 1, 3));

        Assert.NotNull(error);
        Assert.Equal(new Version(4, 1, 3), error.Loaded);
        Assert.StartsWith("The image decoder needs SixLabors.ImageSharp 2.x (built on 2.1.13), but this app loaded SixLabors.ImageSharp 4.1.3.", error.Message);
        Assert.Contains("Florence2.OnnxRuntime.SkiaSharp", error.Message);
        Assert.Contains("ImageInput.FromPixels", error.Message);
        Assert.Null(ImageSharpVersion.Check(new Version(2, 0, 0)));
    }

    [Fact]
    public void The_core_package_references_no_imaging_library()
    {
        var references = typeof(ImageInput).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(references, name => name!.StartsWith("SixLabors", StringComparison.Ordinal) || name.StartsWith("SkiaSharp", StringComparison.Ordinal));
    }

    private sealed class CountingDecoder(ImageFormats supported, int width = 0, bool fail = false) : IImageDecoder
    {
        public int Calls { get; private set; }

        public ImageFormats SupportedFormats => supported;

        public DecodedImage Decode(ReadOnlyMemory<byte> encoded, ImageFormats format, ImageDecodingOptions options, CancellationToken cancellationToken)
        {
            Calls++;
            if (fail)
            {
                throw new InvalidOperationException("boom");
            }

            int w = width > 0 ? width : 4;
            return new DecodedImage(new byte[w * 4 * 3], w, 4, w * 3, RawPixelFormat.Rgb24);
        }
    }
}
