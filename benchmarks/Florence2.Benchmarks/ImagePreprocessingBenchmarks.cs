using BenchmarkDotNet.Attributes;
using Florence2.Imaging;

namespace Florence2.Benchmarks;

/// <summary>
/// Preprocessing of a 1920×1080 image into the 3×768×768 <c>pixel_values</c>, per encoded format: the decode alone and
/// the whole stage (decode + Pillow-exact bicubic resize + rescale/normalize), through the library's internal
/// <see cref="ImagePreprocessor"/>. The format-independent steps are in <see cref="ImageStageBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class ImagePreprocessingBenchmarks
{
    private byte[] _encoded = [];
    private GuardedImageDecoder _decoder = null!;
    private ImagePreprocessor _preprocessor = null!;
    private float[] _tensor = [];

    [Params("jpeg", "png")]
    public string Format { get; set; } = "jpeg";

    [GlobalSetup]
    public void Setup()
    {
        _encoded = BenchmarkImages.Encoded(Format);
        _decoder = new GuardedImageDecoder(ImageDecodingOptions.Default);
        _preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, ImageDecodingOptions.Default);
        _tensor = new float[_preprocessor.TensorLength];
    }

    /// <summary>Encoded bytes → RGB24 pixels (ImageSharp, under the decoding limits).</summary>
    [Benchmark]
    public int Decode()
    {
        using var image = _decoder.Decode(_encoded);
        return image.Width;
    }

    /// <summary>Encoded bytes → normalized tensor: what the vision stage does before ONNX Runtime.</summary>
    [Benchmark]
    public ImageSize DecodeResizeNormalize() =>
        _preprocessor.Preprocess(ImageInput.FromBytes(_encoded), _tensor, CancellationToken.None);
}
