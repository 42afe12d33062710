using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests;

/// <summary>Streaming yields the answer piece by piece; the pieces add up to the final answer.</summary>
public sealed class Florence2ModelStreamingTests : IDisposable
{
    private const string Answer = "A red car , parked on a street . It isn't moving";
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Answer), NoRepeatNgramSize = 0 });

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_streamed_pieces_add_up_to_the_answer()
    {
        using var model = Florence2Model.Load(_folder.Path);
        var pieces = new List<string>();

        await foreach (var piece in model.StreamTextAsync(TestImages.Input(), TaskTokens.Caption))
        {
            pieces.Add(piece);
        }

        var final = model.Caption(TestImages.Input(), options: new TaskOptions { Generation = new GenerationOptions { NumBeams = 1 } }).Text;
        Assert.Equal("A red car, parked on a street. It isn't moving", final);
        Assert.Equal(final, string.Concat(pieces));
        Assert.True(pieces.Count >= 8, $"expected the answer in many pieces, got {pieces.Count}");
    }

    [Fact]
    public async Task Streaming_refuses_beam_search()
    {
        using var model = Florence2Model.Load(_folder.Path);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in model.StreamTextAsync(TestImages.Input(), TaskTokens.Caption, options: new GenerationOptions { NumBeams = 3 }))
            {
            }
        });
    }

    [Fact]
    public async Task Stopping_the_enumeration_early_ends_cleanly()
    {
        using var model = Florence2Model.Load(_folder.Path);
        var first = "";

        await foreach (var piece in model.StreamTextAsync(TestImages.Input(), TaskTokens.Caption))
        {
            first = piece;
            break;
        }

        Assert.Equal("A", first);
        Assert.Equal("A red car, parked on a street. It isn't moving", model.Caption(TestImages.Input()).Text);
    }
}
