using Florence2.Tests.Support;
using Florence2.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Imaging;

public sealed class ImageInputTests : IDisposable
{
    // Odd sizes catch stride and row-offset mistakes; a small target keeps the tests fast.
    private const int Width = 37;
    private const int Height = 23;

    private static readonly ImagePreprocessor Preprocessor = new(
        ImagePreprocessingSettings.Florence2Default with { TargetWidth = 40, TargetHeight = 30 },
        new ImageDecodingOptions(), TestDecoders.ImageSharp);

    private readonly Image<Rgb24> _image = TestImages.MakePattern(Width, Height);
    private readonly string _directory = Directory.CreateTempSubdirectory("florence2-imaging-").FullName;

    public void Dispose()
    {
        _image.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(RawPixelFormat.Rgb24, 0)]
    [InlineData(RawPixelFormat.Rgb24, 7)]
    [InlineData(RawPixelFormat.Bgr24, 0)]
    [InlineData(RawPixelFormat.Bgr24, 5)]
    [InlineData(RawPixelFormat.Rgba32, 0)]
    [InlineData(RawPixelFormat.Rgba32, 12)]
    [InlineData(RawPixelFormat.Bgra32, 0)]
    [InlineData(RawPixelFormat.Bgra32, 3)]
    public void Raw_pixels_give_the_tensor_of_the_same_image_decoded_from_png(RawPixelFormat format, int padding)
    {
        ImageInput raw = MakeRawInput(format, padding);

        Assert.Equal(Run(ImageInput.FromBytes(TestImages.EncodePng(_image))), Run(raw));
    }

    [Theory]
    [InlineData(RawPixelFormat.Bgra32, Width, 30)]
    [InlineData(RawPixelFormat.Bgr24, 40, Height)]
    [InlineData(RawPixelFormat.Rgba32, Width, Height)]
    public void Raw_pixels_match_png_when_only_one_axis_or_no_axis_is_resized(RawPixelFormat format, int targetWidth, int targetHeight)
    {
        var preprocessor = new ImagePreprocessor(
            ImagePreprocessingSettings.Florence2Default with { TargetWidth = targetWidth, TargetHeight = targetHeight },
            new ImageDecodingOptions(), TestDecoders.ImageSharp);
        var expected = new float[preprocessor.TensorLength];
        var actual = new float[preprocessor.TensorLength];

        preprocessor.Preprocess(ImageSharpImageInput.FromImage(_image), expected, CancellationToken.None);
        preprocessor.Preprocess(MakeRawInput(format, padding: 6), actual, CancellationToken.None);

        Assert.Equal(expected, actual);
    }

    private ImageInput MakeRawInput(RawPixelFormat format, int padding)
    {
        bool hasAlpha = format is RawPixelFormat.Rgba32 or RawPixelFormat.Bgra32;
        bool reversed = format is RawPixelFormat.Bgr24 or RawPixelFormat.Bgra32;
        int bytesPerPixel = hasAlpha ? 4 : 3;
        int stride = (Width * bytesPerPixel) + padding;
        // Padding and alpha hold noise: neither may leak into the result.
        var buffer = new byte[(stride * (Height - 1)) + (Width * bytesPerPixel)];
        new Random(7).NextBytes(buffer);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                Rgb24 pixel = _image[x, y];
                int offset = (y * stride) + (x * bytesPerPixel);
                buffer[offset] = reversed ? pixel.B : pixel.R;
                buffer[offset + 1] = pixel.G;
                buffer[offset + 2] = reversed ? pixel.R : pixel.B;
            }
        }

        return ImageInput.FromPixels(buffer, Width, Height, format, padding == 0 ? 0 : stride);
    }

    [Fact]
    public void File_stream_bytes_and_image_give_the_same_tensor()
    {
        byte[] png = TestImages.EncodePng(_image);
        string path = Path.Combine(_directory, "pattern.png");
        File.WriteAllBytes(path, png);
        float[] expected = Run(ImageSharpImageInput.FromImage(_image));

        using var stream = new MemoryStream(png);
        Assert.Equal(expected, Run(ImageInput.FromStream(stream)));
        Assert.Equal(expected, Run(ImageInput.FromBytes(png)));
        Assert.Equal(expected, Run(ImageInput.FromFile(path)));
        Assert.Equal(expected, Run(ImageInput.FromPixels(TestImages.RgbBytes(_image), Width, Height, RawPixelFormat.Rgb24)));
    }

    [Fact]
    public void From_stream_reads_from_the_current_position_and_leaves_the_stream_open()
    {
        byte[] png = TestImages.EncodePng(_image);
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);
        stream.Write(png);
        stream.Position = 3;

        ImageInput input = ImageInput.FromStream(stream);

        Assert.True(stream.CanRead);
        Assert.Equal(Run(ImageInput.FromBytes(png)), Run(input));
    }

    [Fact]
    public void From_bytes_and_from_pixels_copy_the_callers_buffer()
    {
        byte[] png = TestImages.EncodePng(_image);
        byte[] rgb = TestImages.RgbBytes(_image);
        float[] expected = Run(ImageSharpImageInput.FromImage(_image));
        ImageInput fromBytes = ImageInput.FromBytes(png);
        ImageInput fromPixels = ImageInput.FromPixels(rgb, Width, Height, RawPixelFormat.Rgb24);

        Array.Clear(png);
        Array.Clear(rgb);

        Assert.Equal(expected, Run(fromBytes));
        Assert.Equal(expected, Run(fromPixels));
    }

    [Fact]
    public void Png_with_alpha_has_its_alpha_dropped()
    {
        using var rgba = new Image<Rgba32>(Width, Height);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                Rgb24 pixel = _image[x, y];
                rgba[x, y] = new Rgba32(pixel.R, pixel.G, pixel.B, (byte)((x * 40) + y));
            }
        }

        using var stream = new MemoryStream();
        rgba.SaveAsPng(stream);

        Assert.Equal(Run(ImageSharpImageInput.FromImage(_image)), Run(ImageInput.FromBytes(stream.ToArray())));
    }

    [Fact]
    public void Stride_shorter_than_a_row_is_rejected_with_the_expected_minimum()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => ImageInput.FromPixels(new byte[1000], 10, 10, RawPixelFormat.Bgra32, stride: 39));

        Assert.Equal("stride", error.ParamName);
        Assert.Contains("40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Buffer_shorter_than_the_image_is_rejected_with_the_required_length()
    {
        // stride × (height − 1) + width × 3 = 32 × 9 + 30 = 318.
        var error = Assert.Throws<ArgumentException>(
            () => ImageInput.FromPixels(new byte[317], 10, 10, RawPixelFormat.Rgb24, stride: 32));

        Assert.Equal("pixels", error.ParamName);
        Assert.Contains("318", error.Message, StringComparison.Ordinal);
        Assert.NotNull(ImageInput.FromPixels(new byte[318], 10, 10, RawPixelFormat.Rgb24, stride: 32));
    }

    [Theory]
    [InlineData(0, 10, "width")]
    [InlineData(10, -1, "height")]
    public void Non_positive_sizes_are_rejected(int width, int height, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => ImageInput.FromPixels(new byte[300], width, height, RawPixelFormat.Rgb24));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Invalid_arguments_are_rejected_at_creation()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageInput.FromPixels(new byte[300], 10, 10, (RawPixelFormat)9));
        Assert.Throws<ArgumentNullException>(() => ImageInput.FromStream(null!));
        Assert.Throws<ArgumentNullException>(() => ImageSharpImageInput.FromImage(null!));
        Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(ReadOnlyMemory<byte>.Empty));
        Assert.ThrowsAny<ArgumentException>(() => ImageInput.FromFile(""));
        Assert.Throws<FileNotFoundException>(() => ImageInput.FromFile(Path.Combine(_directory, "missing.png")));
    }

    private static float[] Run(ImageInput input)
    {
        var tensor = new float[Preprocessor.TensorLength];
        Preprocessor.Preprocess(input, tensor, CancellationToken.None);
        return tensor;
    }
}
