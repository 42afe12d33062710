using BenchmarkDotNet.Attributes;
using Florence2.TestModels;

namespace Florence2.Benchmarks;

/// <summary>
/// End-to-end calls on the tiny scripted test model (d_model 32): what the library itself costs around ONNX
/// Runtime — preprocessing, tokenization, session plumbing, the cache loop — rather than model arithmetic.
/// Compare the rows of one run as ratios; absolute numbers on these shared machines are noisy.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private string _folder = "";
    private Florence2Model _model = null!;
    private ImageInput _image = null!;

    [Params(1, 3)]
    public int NumBeams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "florence2-bench-" + Guid.NewGuid().ToString("N"));
        TestModelFolder.Write(_folder, new TinyModelOptions { Script = TestModelFolder.ScriptFor("a red car parked on a street next to a building") });
        _model = Florence2Model.Load(_folder, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() });
        _image = ImageInput.FromFile(Path.Combine(AppContext.BaseDirectory, "car.jpg"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public GenerationResult Caption() =>
        _model.Generate(_image, TaskTokens.Caption, options: new GenerationOptions { NumBeams = NumBeams });
}
