using BenchmarkDotNet.Attributes;
using Florence2.Imaging;

namespace Florence2.Benchmarks;

/// <summary>
/// The three preprocessing stages of a 1920×1080 photo-like image, apart and together: decode (byte-level checks + ImageSharp),
/// Pillow-exact bicubic resize to 768×768, and rescale + normalize into the 3×768×768 float tensor.
/// </summary>
[MemoryDiagnoser]
public class PreprocessingStageBenchmarks
{
    private ImagePreprocessor _preprocessor = null!;
    private byte[] _encoded = [];
    private PixelLease _decoded = null!;
    private byte[] _resized = [];
    private float[] _tensor = [];

    /// <summary>Encoded format of the source image.</summary>
    [Params("jpeg", "png")]
    public string Format { get; set; } = "jpeg";

    [GlobalSetup]
    public void Setup()
    {
        var settings = ImagePreprocessingSettings.Florence2Default;
        _preprocessor = new ImagePreprocessor(settings, new ImageDecodingOptions(), new ImageSharpImageDecoder());
        _encoded = BenchmarkImages.Encoded(Format);
        _decoded = _preprocessor.Decode(ImageInput.FromBytes(_encoded));
        _resized = new byte[settings.TargetWidth * settings.TargetHeight * 3];
        _tensor = new float[_preprocessor.TensorLength];
        _preprocessor.Resize(_decoded.View, _resized, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _decoded.Dispose();

    /// <summary>Stage 1: decode the encoded bytes to RGB pixels.</summary>
    [Benchmark]
    public int Decode()
    {
        using var lease = _preprocessor.Decode(ImageInput.FromBytes(_encoded));
        return lease.View.Width;
    }

    /// <summary>
    /// The byte-level checks that run before the decoder (part of <see cref="Decode"/>): the JPEG marker walk, or the PNG
    /// chunk walk plus one inflate pass over the image data.
    /// </summary>
    [Benchmark]
    public int StructureChecks()
    {
        if (Format == "png")
        {
            PngLayout png = PngStructure.Read(_encoded);
            PngImageData.ThrowIfIncomplete(_encoded, png);
            return png.Width;
        }

        return JpegStructure.Read(_encoded).Width;
    }

    /// <summary>Stage 2: 1920×1080 → 768×768 bicubic.</summary>
    [Benchmark]
    public void Resize() => _preprocessor.Resize(_decoded.View, _resized, CancellationToken.None);

    /// <summary>Stage 2 with the scalar passes: the resampler before vectorization, for the before/after ratio.</summary>
    [Benchmark]
    public void ResizeScalar() =>
        PillowBicubicResampler.Resize(_decoded.View, _resized, 768, 768, vectorized: false, CancellationToken.None);

    /// <summary>Stage 3: 768×768 RGB → normalized float planes.</summary>
    [Benchmark]
    public void Normalize() =>
        _preprocessor.Normalize(new PixelView(_resized, 768, 768, 768 * 3, RawPixelFormat.Rgb24), _tensor);

    /// <summary>All three, as the vision encoder runs them.</summary>
    [Benchmark]
    public ImageSize Whole() => _preprocessor.Preprocess(ImageInput.FromBytes(_encoded), _tensor, CancellationToken.None);
}
