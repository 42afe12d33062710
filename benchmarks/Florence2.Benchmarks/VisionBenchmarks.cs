using BenchmarkDotNet.Attributes;
using Florence2.TestModels;

namespace Florence2.Benchmarks;

/// <summary>Vision stage alone on the tiny model: decode + Pillow-exact resize + normalize + a tiny vision graph.</summary>
[MemoryDiagnoser]
public class VisionBenchmarks
{
    private string _folder = "";
    private Florence2Model _model = null!;
    private byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "florence2-bench-" + Guid.NewGuid().ToString("N"));
        TestModelFolder.Write(_folder, new TinyModelOptions { Script = TestModelFolder.ScriptFor("car") });
        _model = Florence2Model.Load(_folder, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() });
        _jpeg = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "car.jpg"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One decoder step after the vision stage: the share of a call that preprocessing takes.</summary>
    [Benchmark]
    public GenerationResult OneTokenFromJpeg() =>
        _model.Generate(ImageInput.FromBytes(_jpeg), TaskTokens.Caption, options: new GenerationOptions { NumBeams = 1, MaxNewTokens = 1 });
}
