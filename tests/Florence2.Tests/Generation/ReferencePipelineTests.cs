using Florence2.Tests.Support;
using Florence2.TestModels;

using Xunit.Abstractions;

namespace Florence2.Tests.Generation;

/// <summary>
/// The test oracle itself. Its runs use plain ONNX Runtime calls, so everything native code reads during a run must
/// stay reachable until the run returns: a <c>RunOptions</c> that nothing holds can be finalized, and its native
/// object freed, while the run still reads its configuration (the intermittent segfault of the test host).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ReferencePipelineTests(ITestOutputHelper output)
{
    // Enough calls for the JIT's optimized code (where a temporary is dead once its handle has been read) and enough
    // collections that many of them land inside runs; the loop stops at a bound if the collector were starved.
    private const int MinCalls = 300;
    private const int MinCollections = 300;
    private const int MaxCalls = 20_000;

    [Fact]
    public void The_reference_pipeline_gives_the_same_answers_while_collections_and_finalizers_run_during_its_runs()
    {
        var options = new TinyModelOptions { Seed = 7 };
        using var folder = new TempModelFolder(options);
        using var reference = new ReferencePipeline(folder.Path, options.DecoderLayers, options.Heads, options.HeadDim);
        var random = new Random(3);
        var pixels = Enumerable.Range(0, 3 * options.ImageSize * options.ImageSize).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        int[] prompt = [0, 2264, 473, 5, 2];
        long[] sequence = [2, 0, 10];
        var (hidden, length, dim) = reference.Encode(pixels, options.ImageSize, options.ImageSize, prompt);
        var logits = reference.NextLogits(hidden, length, dim, sequence);

        using var pressure = new CollectionPressure();
        var calls = 0;
        while ((calls < MinCalls || pressure.Collections < MinCollections) && calls < MaxCalls)
        {
            // Each call makes two runs (token embedding, decoder); every 50th also the three runs of the encoding.
            Assert.Equal(logits, reference.NextLogits(hidden, length, dim, sequence));
            if (calls % 50 == 0)
            {
                Assert.Equal(hidden, reference.Encode(pixels, options.ImageSize, options.ImageSize, prompt).Hidden);
            }

            calls++;
        }

        output.WriteLine($"{calls} calls, {pressure.Collections} collections");
        Assert.True(pressure.Collections >= MinCollections, $"only {pressure.Collections} collections ran during {calls} calls");
    }
}
