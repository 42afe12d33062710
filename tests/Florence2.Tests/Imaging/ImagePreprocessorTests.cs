using Florence2.Tests.Support;
using Florence2.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Imaging;

public sealed class ImagePreprocessorTests
{
    private static readonly double[] SpecMean = [0.485, 0.456, 0.406];
    private static readonly double[] SpecStd = [0.229, 0.224, 0.225];

    private static ImagePreprocessor CreateDefault() =>
        new(ImagePreprocessingSettings.Florence2Default, new ImageDecodingOptions(), TestDecoders.ImageSharp);

    [Fact]
    public void Target_sized_image_is_not_resized_and_values_follow_the_spec_formula()
    {
        using Image<Rgb24> image = TestImages.MakePattern(768, 768);
        byte[] rgb = TestImages.RgbBytes(image);
        var tensor = new float[3 * 768 * 768];

        ImageSize size = CreateDefault().Preprocess(ImageInput.FromBytes(TestImages.EncodePng(image)), tensor, CancellationToken.None);

        Assert.Equal(new ImageSize(768, 768), size);
        const int plane = 768 * 768;
        for (int pixel = 0; pixel < plane; pixel++)
        {
            for (int channel = 0; channel < 3; channel++)
            {
                double expected = ((rgb[(pixel * 3) + channel] / 255.0) - SpecMean[channel]) / SpecStd[channel];
                float actual = tensor[(channel * plane) + pixel];
                if (Math.Abs(actual - expected) > 1e-6)
                {
                    Assert.Fail($"pixel {pixel}, channel {channel}: expected {expected}, got {actual}");
                }
            }
        }
    }

    [Theory]
    [InlineData(768, 768)]
    [InlineData(200, 120)]
    public void All_white_image_gives_the_transformers_js_check_values(int width, int height)
    {
        byte[] white = Enumerable.Repeat((byte)255, width * height * 3).ToArray();
        var tensor = new float[3 * 768 * 768];

        CreateDefault().Preprocess(ImageInput.FromPixels(white, width, height, RawPixelFormat.Rgb24), tensor, CancellationToken.None);

        const int plane = 768 * 768;
        Assert.Equal(2.4392, tensor.Average(), 4);
        Assert.Equal(2.2489, tensor.AsSpan(0, plane).ToArray().Average(), 4);
        Assert.Equal(2.4286, tensor.AsSpan(plane, plane).ToArray().Average(), 4);
        Assert.Equal(2.6400, tensor.AsSpan(2 * plane, plane).ToArray().Average(), 4);
    }

    [Fact]
    public void Resized_image_returns_the_original_size_and_matches_pillow_pixels()
    {
        using Image<Rgb24> pillow = Image.Load<Rgb24>(TestImages.PathOf("pillow_960x540_to_768x768.png"));
        var expected = new float[3 * 768 * 768];
        var actual = new float[3 * 768 * 768];
        ImagePreprocessor preprocessor = CreateDefault();
        preprocessor.Preprocess(ImageSharpImageInput.FromImage(pillow), expected, CancellationToken.None);

        ImageSize size = preprocessor.Preprocess(
            ImageInput.FromFile(TestImages.PathOf("source_960x540.png")), actual, CancellationToken.None);

        Assert.Equal(new ImageSize(960, 540), size);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Destination_of_the_wrong_length_is_rejected()
    {
        var input = ImageInput.FromPixels(new byte[12], 2, 2, RawPixelFormat.Rgb24);

        var error = Assert.Throws<ArgumentException>(
            () => CreateDefault().Preprocess(input, new float[3 * 768 * 767], CancellationToken.None));

        Assert.Contains("1769472", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelled_token_stops_preprocessing()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var input = ImageInput.FromPixels(new byte[300], 10, 10, RawPixelFormat.Rgb24);

        Assert.ThrowsAny<OperationCanceledException>(
            () => CreateDefault().Preprocess(input, new float[3 * 768 * 768], cancellation.Token));
    }

    [Fact]
    public void Resize_off_with_an_image_of_another_size_is_rejected()
    {
        var preprocessor = new ImagePreprocessor(
            ImagePreprocessingSettings.Florence2Default with { DoResize = false }, new ImageDecodingOptions(), TestDecoders.ImageSharp);
        var input = ImageInput.FromPixels(new byte[300], 10, 10, RawPixelFormat.Rgb24);

        var error = Assert.Throws<InvalidImageException>(
            () => preprocessor.Preprocess(input, new float[3 * 768 * 768], CancellationToken.None));

        Assert.Contains("10×10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_instance_serves_concurrent_calls()
    {
        var preprocessor = new ImagePreprocessor(
            ImagePreprocessingSettings.Florence2Default with { TargetWidth = 96, TargetHeight = 64 }, new ImageDecodingOptions(), TestDecoders.ImageSharp);
        using Image<Rgb24> image = TestImages.MakePattern(300, 200);
        var input = ImageInput.FromBytes(TestImages.EncodePng(image));
        var expected = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(input, expected, CancellationToken.None);

        Parallel.For(0, 8, _ =>
        {
            var tensor = new float[preprocessor.TensorLength];
            preprocessor.Preprocess(input, tensor, CancellationToken.None);
            Assert.Equal(expected, tensor);
        });
    }
}
