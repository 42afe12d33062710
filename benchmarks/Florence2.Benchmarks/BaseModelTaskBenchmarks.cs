using BenchmarkDotNet.Attributes;

namespace Florence2.Benchmarks;

/// <summary>
/// Whole tasks on base-sized scripted test models (Florence-2-base's text sizes, a DaViT-base-sized vision stand-in of
/// about 380 GFLOPs) from the 1920×1080 JPEG, one intra-op thread: a caption (12 answer tokens) and a detection with a
/// 200-token answer, greedy and with 3 beams. The models are written into the benchmark model cache on first use.
/// </summary>
[MemoryDiagnoser]
public class BaseModelTaskBenchmarks
{
    private Florence2Model _caption = null!;
    private Florence2Model _detection = null!;
    private byte[] _jpeg = [];

    [Params(1, 3)]
    public int NumBeams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = 1 }, ImageDecoder = new ImageSharpImageDecoder() };
        _caption = Florence2Model.Load(BenchmarkModels.BaseCaption(), options);
        _detection = Florence2Model.Load(BenchmarkModels.BaseDetection(), options);
        _jpeg = BenchmarkImages.Jpeg;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _caption.Dispose();
        _detection.Dispose();
    }

    [Benchmark]
    public string Caption() => Run(_caption, TaskTokens.Caption);

    [Benchmark]
    public string LongDetection() => Run(_detection, TaskTokens.ObjectDetection);

    private string Run(Florence2Model model, string task) =>
        model.Generate(ImageInput.FromBytes(_jpeg), task, options: new GenerationOptions { NumBeams = NumBeams, MaxNewTokens = BenchmarkModels.MaxNewTokens }).Text;
}
