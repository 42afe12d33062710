using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests;

/// <summary>One model instance serves parallel callers, and each gets exactly what a sequential call gets.</summary>
public sealed class Florence2ModelConcurrencyTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Seed = 21 });

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Eight_parallel_callers_get_the_results_of_sequential_calls()
    {
        using var model = Florence2Model.Load(_folder.Path);
        var calls = Enumerable.Range(0, 8).Select(i => (
            Image: TestImages.Input(320 + (40 * i), 240 + (16 * i), seed: i),
            Options: new GenerationOptions { NumBeams = 1 + (i % 3), MaxNewTokens = 10 })).ToList();

        var sequential = calls.Select(c => model.Generate(c.Image, TaskTokens.Caption, options: c.Options).GeneratedTokenIds.ToArray()).ToList();
        var parallel = await Task.WhenAll(calls.Select(c => Task.Run(() => model.Generate(c.Image, TaskTokens.Caption, options: c.Options).GeneratedTokenIds.ToArray())));

        Assert.Equal(sequential, parallel);
        Assert.True(sequential.Distinct(new SequenceComparer()).Count() > 1, "different images should give different answers");
    }

    [Fact]
    public async Task Async_calls_run_concurrently_and_agree_with_sync_calls()
    {
        using var model = Florence2Model.Load(_folder.Path);
        var image = TestImages.Input(500, 300);
        var options = new TaskOptions { Generation = new GenerationOptions { MaxNewTokens = 8 } };

        var sync = model.DetectObjects(image, options).RawText;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => model.DetectObjectsAsync(image, options)));

        Assert.All(results, r => Assert.Equal(sync, r.RawText));
    }

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(int[] obj) => obj.Length;
    }
}
