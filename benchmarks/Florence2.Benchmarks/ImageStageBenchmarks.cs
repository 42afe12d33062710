using BenchmarkDotNet.Attributes;
using Florence2.Imaging;

namespace Florence2.Benchmarks;

/// <summary>
/// The format-independent preprocessing steps: the Pillow-exact bicubic resize of 1920×1080 RGB to 768×768, and the
/// rescale/normalize of 768×768 RGB into the float tensor (an image already at the target size skips the resize).
/// </summary>
[MemoryDiagnoser]
public class ImageStageBenchmarks
{
    private const int Target = 768;
    private byte[] _source = [];
    private byte[] _resized = [];
    private ImageInput _targetSized = null!;
    private ImagePreprocessor _preprocessor = null!;
    private float[] _tensor = [];

    [GlobalSetup]
    public void Setup()
    {
        _source = BenchmarkImages.Rgb;
        _resized = new byte[Target * Target * 3];
        Resize();
        _targetSized = ImageInput.FromPixels(_resized, Target, Target, RawPixelFormat.Rgb24);
        _preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, ImageDecodingOptions.Default);
        _tensor = new float[_preprocessor.TensorLength];
    }

    /// <summary>1920×1080 RGB24 → 768×768 RGB24.</summary>
    [Benchmark]
    public byte Resize()
    {
        var view = new PixelView(_source, BenchmarkImages.Width, BenchmarkImages.Height, BenchmarkImages.Width * 3, RawPixelFormat.Rgb24);
        PillowBicubicResampler.Resize(view, _resized, Target, Target, CancellationToken.None);
        return _resized[0];
    }

    /// <summary>768×768 RGB24 → 3×768×768 normalized floats.</summary>
    [Benchmark]
    public ImageSize Normalize() => _preprocessor.Preprocess(_targetSized, _tensor, CancellationToken.None);
}
