using BenchmarkDotNet.Attributes;

namespace Florence2.Benchmarks;

/// <summary>
/// What one decoder step costs the library beyond model arithmetic: the tiny scripted model (d_model 32) answers the
/// 200-token detection, from a 768×768 raw image (no decode, no resize). One step ≈
/// (<see cref="LongAnswer"/> − <see cref="FirstTokenOnly"/>) / 201; with 3 beams, per step of 3 rows.
/// </summary>
[MemoryDiagnoser]
public class DecoderStepBenchmarks
{
    private Florence2Model _model = null!;
    private ImageInput _image = null!;

    [Params(1, 3)]
    public int NumBeams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = Florence2Model.Load(BenchmarkModels.TinyDetection(), new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = 1 } });
        _image = ImageInput.FromPixels(new byte[768 * 768 * 3], 768, 768, RawPixelFormat.Rgb24);
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    /// <summary>Vision, encoder and the first decoder step only.</summary>
    [Benchmark(Baseline = true)]
    public int FirstTokenOnly() => Run(1);

    /// <summary>The same plus 201 more steps (200 answer tokens and the end token).</summary>
    [Benchmark]
    public int LongAnswer() => Run(BenchmarkModels.MaxNewTokens);

    private int Run(int maxNewTokens) =>
        _model.Generate(_image, TaskTokens.ObjectDetection, options: new GenerationOptions { NumBeams = NumBeams, MaxNewTokens = maxNewTokens })
            .GeneratedTokenIds.Count;
}
