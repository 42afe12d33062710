using Florence2.Generation;
using Florence2.Runtime;
using Florence2.Tasks;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Florence2.Vision;
using Microsoft.Extensions.Logging;

namespace Florence2.Tests.Runtime;

/// <summary>
/// The optimized-model cache (issue 15, item 5): the second load reads the graphs the first one saved, a changed
/// model file or setting never reads an old graph, and a damaged graph falls back to the original with a log line.
/// </summary>
public sealed class OptimizedModelCacheTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a red car") });
    private readonly TempDirectory _cache = new();

    public void Dispose()
    {
        _folder.Dispose();
        _cache.Dispose();
    }

    private Florence2ModelOptions Options(GraphOptimization level = GraphOptimization.All, ILoggerFactory? logger = null) => new()
    {
        OptimizedModelCacheDirectory = _cache.Path,
        Session = new SessionSettings { IntraOpNumThreads = 1, GraphOptimization = level },
        LoggerFactory = logger,
    };

    private static string[] LoadedFrom(Florence2Model model)
    {
        var (embed, encoder, decoder, _) = ((OnnxTextDecoder)model.TextDecoder).Parts;
        return [((OnnxVisionEncoder)model.VisionEncoder).Session.LoadedFrom, embed.LoadedFrom, encoder.LoadedFrom, decoder.LoadedFrom];
    }

    private string[] Graphs() => Directory.GetFiles(_cache.Path, "*.onnx").Order(StringComparer.Ordinal).ToArray();

    private static IReadOnlyList<int> Caption(Florence2Model model) =>
        model.Generate(TestImages.Input(), TaskTokens.Caption, options: new GenerationOptions { NumBeams = 1, MaxNewTokens = 8 }).GeneratedTokenIds;

    [Fact]
    public void The_first_load_saves_four_graphs_and_the_second_loads_from_them_with_the_same_answer()
    {
        IReadOnlyList<int> first;
        using (var model = Florence2Model.Load(_folder.Path, Options()))
        {
            Assert.All(LoadedFrom(model), path => Assert.StartsWith(_folder.Path, path, StringComparison.Ordinal));
            first = Caption(model);
        }

        var graphs = Graphs();
        Assert.Equal(4, graphs.Length);
        Assert.All(graphs, g => Assert.True(File.Exists(g + ".key"), $"{g} has its key"));
        Assert.Empty(Directory.GetFiles(_cache.Path, "*.tmp"));

        using var second = Florence2Model.Load(_folder.Path, Options());
        Assert.Equal(graphs, LoadedFrom(second).Order(StringComparer.Ordinal));
        Assert.Equal(first, Caption(second));
    }

    [Fact]
    public void A_changed_model_file_is_loaded_from_itself_and_its_old_graph_is_replaced()
    {
        using (Florence2Model.Load(_folder.Path, Options()))
        {
        }

        var decoderFile = _folder.File("onnx/decoder_model_merged.onnx");
        var oldGraph = Graphs().Single(g => Path.GetFileName(g).StartsWith("decoder_model_merged", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(decoderFile, File.GetLastWriteTimeUtc(decoderFile).AddMinutes(1));

        using var model = Florence2Model.Load(_folder.Path, Options());
        var loaded = LoadedFrom(model);
        Assert.Equal(decoderFile, loaded[3]);
        Assert.All(loaded[..3], path => Assert.StartsWith(_cache.Path, path, StringComparison.Ordinal));
        Assert.False(File.Exists(oldGraph), "the graph of the old decoder file is removed");
        Assert.Equal(4, Graphs().Length);
    }

    [Fact]
    public void Another_optimization_level_never_reads_a_graph_saved_at_a_different_one()
    {
        using (Florence2Model.Load(_folder.Path, Options(GraphOptimization.All)))
        {
        }

        using var model = Florence2Model.Load(_folder.Path, Options(GraphOptimization.Basic));
        Assert.All(LoadedFrom(model), path => Assert.StartsWith(_folder.Path, path, StringComparison.Ordinal));
        Assert.Equal(8, Graphs().Length);
    }

    [Fact]
    public void A_damaged_graph_is_logged_removed_and_replaced_from_the_original()
    {
        using (Florence2Model.Load(_folder.Path, Options()))
        {
        }

        var encoderGraph = Graphs().Single(g => Path.GetFileName(g).StartsWith("encoder_model", StringComparison.Ordinal));
        var length = new FileInfo(encoderGraph).Length;
        File.WriteAllBytes(encoderGraph, Enumerable.Repeat((byte)0xFF, (int)length).ToArray()); // same size: the key still fits

        var log = new CapturingLogger();
        using var model = Florence2Model.Load(_folder.Path, Options(logger: log));
        Assert.Equal(_folder.File("onnx/encoder_model.onnx"), LoadedFrom(model)[2]);
        Assert.Contains(log.Messages, m => m.Level == LogLevel.Warning && m.Message.Contains(encoderGraph, StringComparison.Ordinal)
            && m.Message.Contains("could not be used", StringComparison.Ordinal));
        Assert.NotEmpty(Caption(model));

        // Saved again from the original: the next load reads a good graph.
        using var next = Florence2Model.Load(_folder.Path, Options());
        Assert.StartsWith(_cache.Path, LoadedFrom(next)[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_cut_short_is_not_loaded_at_all()
    {
        using (Florence2Model.Load(_folder.Path, Options()))
        {
        }

        var visionGraph = Graphs().Single(g => Path.GetFileName(g).StartsWith("vision_encoder", StringComparison.Ordinal));
        using (var stream = File.OpenWrite(visionGraph))
        {
            stream.SetLength(stream.Length / 2);
        }

        var log = new CapturingLogger();
        using var model = Florence2Model.Load(_folder.Path, Options(logger: log));
        Assert.Equal(_folder.File("onnx/vision_encoder.onnx"), LoadedFrom(model)[0]);
        Assert.DoesNotContain(log.Messages, m => m.Message.Contains("could not be used", StringComparison.Ordinal));
    }

    [Fact]
    public void With_configure_session_nothing_is_cached()
    {
        var options = Options();
        options.ConfigureSession = _ => { };

        using var model = Florence2Model.Load(_folder.Path, options);
        Assert.Empty(Directory.GetFiles(_cache.Path));
    }

    [Fact]
    public void Without_a_cache_folder_nothing_is_written_and_the_originals_are_loaded()
    {
        using var model = Florence2Model.Load(_folder.Path, new Florence2ModelOptions { Session = new SessionSettings { IntraOpNumThreads = 1 } });
        Assert.All(LoadedFrom(model), path => Assert.StartsWith(_folder.Path, path, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_cache.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_cache_folder_is_refused_naming_the_option(string folder)
    {
        var e = Assert.Throws<ArgumentException>(() => new Florence2ModelOptions { OptimizedModelCacheDirectory = folder }.Validate());
        Assert.Contains("OptimizedModelCacheDirectory", e.Message, StringComparison.Ordinal);
    }
}
