using Florence2.Tasks;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Runtime;

/// <summary>Session settings change how ONNX Runtime runs, never what the model answers; bad values fail before loading.</summary>
public sealed class SessionSettingsTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions());

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, Florence2ModelOptions> InvalidOptions => new()
    {
        {
            "ModuleExecutionProviders[Decoder] is empty",
            new Florence2ModelOptions { ModuleExecutionProviders = new Dictionary<ModelModule, IReadOnlyList<ExecutionProviderChoice>> { [ModelModule.Decoder] = [] } }
        },
        { "ExecutionProviders asks for Cuda on device -1", new Florence2ModelOptions { ExecutionProviders = [ExecutionProviderChoice.Cuda(-1)] } },
        { "ExecutionProviders asks for DirectML on device -2", new Florence2ModelOptions { ExecutionProviders = [ExecutionProviderChoice.DirectML(-2), ExecutionProviderChoice.Cpu] } },
        { "ExecutionProviders contains provider kind 7", new Florence2ModelOptions { ExecutionProviders = [new ExecutionProviderChoice((ExecutionProviderKind)7)] } },
        { "ModuleExecutionProviders[Encoder] is empty", new Florence2ModelOptions { ModuleExecutionProviders = Override(ModelModule.Encoder) } },
        { "ModuleExecutionProviders[Decoder] asks for Cuda on device -1", new Florence2ModelOptions { ModuleExecutionProviders = Override(ModelModule.Decoder, ExecutionProviderChoice.Cuda(-1)) } },
        { "ModuleExecutionProviders has a key 9", new Florence2ModelOptions { ModuleExecutionProviders = Override((ModelModule)9, ExecutionProviderChoice.Cpu) } },
        { "Session.IntraOpNumThreads is negative", new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = -1 } } },
        { "Session.InterOpNumThreads is negative", new Florence2ModelOptions { Session = new SessionSettings { InterOpNumThreads = -3 } } },
        { "Session.GraphOptimization is not", new Florence2ModelOptions { Session = new SessionSettings { GraphOptimization = (GraphOptimization)12 } } },
    };

    [Fact]
    public void Single_thread_no_optimization_no_arena_generates_the_same_tokens_as_the_defaults()
    {
        var expected = Caption(new Florence2ModelOptions());
        var actual = Caption(new Florence2ModelOptions
        {
            Session = new SessionSettings { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimization = GraphOptimization.None, EnableMemoryArena = false },
        });

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(GraphOptimization.Basic)]
    [InlineData(GraphOptimization.Extended)]
    public void Every_optimization_level_generates_the_same_tokens(GraphOptimization level)
    {
        var expected = Caption(new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = 1 } });

        Assert.Equal(expected, Caption(new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = 1, GraphOptimization = level } }));
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_rejected_naming_the_option(string expectedMessage, Florence2ModelOptions options)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Florence2Model.Load(_folder.Path, options));

        Assert.Equal("options", e.ParamName);
        Assert.Contains("Florence2ModelOptions." + expectedMessage, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_session_setting_is_rejected_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => Florence2Model.Load(_folder.Path, new Florence2ModelOptions { Session = null! }));

        Assert.Contains("Florence2ModelOptions.Session is null", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<ModelModule, IReadOnlyList<ExecutionProviderChoice>> Override(ModelModule module, params ExecutionProviderChoice[] choices) =>
        new() { [module] = choices };

    private int[] Caption(Florence2ModelOptions options)
    {
        using var model = Florence2Model.Load(_folder.Path, options);
        var result = model.Generate(TestImages.Input(), TaskTokens.Caption, options: new GenerationOptions { NumBeams = 1, MaxNewTokens = 8 });
        Assert.Equal(1 + 8, result.GeneratedTokenIds.Count); // the decoder start token, then all 8 new tokens: a full-length comparison
        return [.. result.GeneratedTokenIds];
    }
}
