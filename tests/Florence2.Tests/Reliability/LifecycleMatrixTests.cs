using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Reliability;

/// <summary>
/// The lifecycle rows of the bad-input matrix (docs/reliability.md): every public method family of a disposed model
/// throws <see cref="ObjectDisposedException"/>, and a token cancelled before the call starts stops it before any work.
/// Cancellation during a run is pinned by CancellationTests; an unavailable provider by ExecutionProviderTests.
/// </summary>
public sealed class LifecycleMatrixTests : IDisposable
{
    private static readonly BoundingBox Region = new(0, 0, 10, 10);

    private readonly TempModelFolder _folder = new(new TinyModelOptions { ImageSize = 64, Script = TestModelFolder.ScriptFor("a cat") });

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Calls => new(CallsByName.Keys);

    private static readonly Dictionary<string, Func<Florence2Model, ImageInput, CancellationToken, Task>> CallsByName = new()
    {
        ["Generate"] = (m, i, c) => Sync(() => m.Generate(i, TaskTokens.Caption, cancellationToken: c)),
        ["Caption"] = (m, i, c) => Sync(() => m.Caption(i, cancellationToken: c)),
        ["ReadText"] = (m, i, c) => Sync(() => m.ReadText(i, cancellationToken: c)),
        ["ReadTextWithRegions"] = (m, i, c) => Sync(() => m.ReadTextWithRegions(i, cancellationToken: c)),
        ["DetectObjects"] = (m, i, c) => Sync(() => m.DetectObjects(i, cancellationToken: c)),
        ["CaptionRegions"] = (m, i, c) => Sync(() => m.CaptionRegions(i, cancellationToken: c)),
        ["ProposeRegions"] = (m, i, c) => Sync(() => m.ProposeRegions(i, cancellationToken: c)),
        ["CaptionToPhraseGrounding"] = (m, i, c) => Sync(() => m.CaptionToPhraseGrounding(i, "a cat", cancellationToken: c)),
        ["SegmentExpression"] = (m, i, c) => Sync(() => m.SegmentExpression(i, "the cat", cancellationToken: c)),
        ["SegmentRegion"] = (m, i, c) => Sync(() => m.SegmentRegion(i, Region, cancellationToken: c)),
        ["DetectOpenVocabulary"] = (m, i, c) => Sync(() => m.DetectOpenVocabulary(i, "cat", cancellationToken: c)),
        ["ClassifyRegion"] = (m, i, c) => Sync(() => m.ClassifyRegion(i, Region, cancellationToken: c)),
        ["DescribeRegion"] = (m, i, c) => Sync(() => m.DescribeRegion(i, Region, cancellationToken: c)),
        ["ReadRegionText"] = (m, i, c) => Sync(() => m.ReadRegionText(i, Region, cancellationToken: c)),
        ["RunCustomTask"] = (m, i, c) => Sync(() => m.RunCustomTask(i, "<MY_TASK>", cancellationToken: c)),
        ["GenerateAsync"] = (m, i, c) => m.GenerateAsync(i, TaskTokens.Caption, cancellationToken: c),
        ["CaptionAsync"] = (m, i, c) => m.CaptionAsync(i, cancellationToken: c),
        ["DetectObjectsAsync"] = (m, i, c) => m.DetectObjectsAsync(i, cancellationToken: c),
        ["SegmentRegionAsync"] = (m, i, c) => m.SegmentRegionAsync(i, Region, cancellationToken: c),
        ["RunCustomTaskAsync"] = (m, i, c) => m.RunCustomTaskAsync(i, "<MY_TASK>", cancellationToken: c),
        ["StreamTextAsync"] = async (m, i, c) =>
        {
            await foreach (var piece in m.StreamTextAsync(i, TaskTokens.Caption, cancellationToken: c))
            {
                Assert.Fail($"a piece was streamed: {piece}");
            }
        },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Every_call_on_a_disposed_model_throws_object_disposed(string call)
    {
        var model = Florence2Model.Load(_folder.Path);
        model.Dispose();

        var e = await Assert.ThrowsAsync<ObjectDisposedException>(() => CallsByName[call](model, TestImages.Input(64, 64), CancellationToken.None));

        Assert.Equal(typeof(Florence2Model).FullName, e.ObjectName);
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var model = Florence2Model.Load(_folder.Path);
        model.Dispose();
        model.Dispose();
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_token_cancelled_before_the_call_stops_it(string call)
    {
        using var model = Florence2Model.Load(_folder.Path);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CallsByName[call](model, TestImages.Input(64, 64), cancel.Token));

        // The model is still usable afterwards.
        Assert.Equal("a cat", model.Caption(TestImages.Input(64, 64), options: new TaskOptions { Generation = SmallModel.Quick }).Text);
    }

    [Fact]
    public void Loading_with_a_cancelled_token_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Florence2Model.Load(_folder.Path, cancellationToken: cancel.Token));
    }

    private static Task Sync(Action call)
    {
        call();
        return Task.CompletedTask;
    }
}
