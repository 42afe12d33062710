using Florence2.Model;
using Florence2.Tasks;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Runtime;

/// <summary>
/// Creating the four sessions side by side (issue 15, item 5) must load the same model as one after the other, and
/// fail the same way: the error of the first broken module in load order.
/// </summary>
public sealed class SessionLoadParallelismTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a red car") });

    public void Dispose() => _folder.Dispose();

    private static Florence2ModelOptions Options(int parallelism) => new()
    {
        SessionLoadParallelism = parallelism,
        Session = new SessionSettings { IntraOpNumThreads = 1 },
    };

    [Fact]
    public void Side_by_side_and_one_by_one_loads_give_the_same_model()
    {
        using var sequential = Florence2Model.Load(_folder.Path, Options(1));
        using var parallel = Florence2Model.Load(_folder.Path, Options(4));

        Assert.Equal(sequential.Info.ExecutionProviders, parallel.Info.ExecutionProviders);
        var options = new GenerationOptions { NumBeams = 1, MaxNewTokens = 8 };
        Assert.Equal(
            sequential.Generate(TestImages.Input(), TaskTokens.Caption, options: options).GeneratedTokenIds,
            parallel.Generate(TestImages.Input(), TaskTokens.Caption, options: options).GeneratedTokenIds);
    }

    [Fact]
    public void With_two_broken_files_both_ways_name_the_first_in_load_order()
    {
        File.WriteAllText(_folder.File("onnx/encoder_model.onnx"), "not a model");
        File.WriteAllText(_folder.File("onnx/decoder_model_merged.onnx"), "not a model either");

        var sequential = Assert.Throws<ModelLoadException>(() => Florence2Model.Load(_folder.Path, Options(1)));
        var parallel = Assert.Throws<ModelLoadException>(() => Florence2Model.Load(_folder.Path, Options(4)));

        Assert.EndsWith("encoder_model.onnx", sequential.FilePath, StringComparison.Ordinal);
        Assert.Equal(sequential.FilePath, parallel.FilePath);
    }

    [Fact]
    public void A_negative_parallelism_is_refused_naming_the_option()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Options(-1).Validate());
        Assert.Equal("SessionLoadParallelism", e.ParamName);
    }

    [Fact]
    public void A_cancelled_load_creates_no_session()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Florence2Model.Load(_folder.Path, Options(4), cancelled.Token));
    }
}
