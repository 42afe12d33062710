using Florence2.Model;
using Florence2.Imaging;
using Florence2.Runtime;
using Florence2.Generation;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Florence2.Vision;

namespace Florence2.Tests.Reliability;

/// <summary>
/// Disposing a model while calls run on it: Dispose stops them, waits for them and returns; each call either
/// finishes with the right answer or throws ObjectDisposedException (OperationCanceledException is allowed too);
/// later calls throw ObjectDisposedException. Never a crash inside a freed ONNX Runtime session.
/// </summary>
public sealed class DisposeWhileRunningTests : IDisposable
{
    private const int Calls = 8;
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Seed = 77 });

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Dispose_during_eight_running_calls_stops_them_cleanly_and_returns()
    {
        var image = TestImages.Input(320, 240, seed: 5);
        var options = new GenerationOptions { NumBeams = 2, MaxNewTokens = 400 };
        string[] reference;
        using (var sequential = Florence2Model.Load(_folder.Path))
        {
            reference = [sequential.Generate(image, TaskTokens.Caption, options: options).Text];
        }

        var (model, decoder) = Open();
        using var allDecoding = new CountdownEvent(Calls);
        decoder.BeforeDecoderStep = (step, _) =>
        {
            if (step == 1)
            {
                allDecoding.Signal(); // this call is inside the model, between decoder steps
            }
        };
        var outcomes = new Exception?[Calls];
        var texts = new string?[Calls];
        var threads = Enumerable.Range(0, Calls).Select(i => new Thread(() =>
        {
            try
            {
                texts[i] = model.Generate(image, TaskTokens.Caption, options: options).Text;
            }
            catch (Exception e)
            {
                outcomes[i] = e;
            }
        })).ToList();
        threads.ForEach(t => t.Start());

        Assert.True(allDecoding.Wait(TimeSpan.FromMinutes(2)), "the eight calls should all reach the decoder");
        model.Dispose();
        threads.ForEach(t => t.Join());

        for (var i = 0; i < Calls; i++)
        {
            if (outcomes[i] is { } error)
            {
                Assert.True(error is ObjectDisposedException or OperationCanceledException, $"call {i} threw {error}");
            }
            else
            {
                Assert.Equal(reference[0], texts[i]);
            }
        }

        Assert.Contains(outcomes, e => e is ObjectDisposedException);
        Assert.Throws<ObjectDisposedException>(() => model.Generate(image, TaskTokens.Caption, options: options));
        model.Dispose(); // a second Dispose is a no-op
    }

    [Fact]
    public async Task Dispose_async_waits_for_a_running_call_without_blocking_and_then_frees_the_model()
    {
        var (model, decoder) = Open();
        using var inside = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        decoder.BeforeDecoderStep = (step, _) =>
        {
            if (step == 1)
            {
                inside.Release();
                release.Wait(); // holds the call inside the model, where cancellation cannot reach it
            }
        };
        var call = Task.Run(() => model.Caption(TestImages.Input(64, 64)));
        Assert.True(await inside.WaitAsync(TimeSpan.FromMinutes(1)));

        var disposing = model.DisposeAsync();

        // DisposeAsync returned at once on this thread, and cannot finish while the call is inside.
        Assert.False(disposing.IsCompleted);
        await Task.Delay(100);
        Assert.False(disposing.IsCompleted);
        release.Release();
        await disposing;
        Assert.True(call.IsCompleted);
        var error = await Record.ExceptionAsync(() => call);
        Assert.True(error is null or ObjectDisposedException or OperationCanceledException, $"the call threw {error}");
        Assert.Throws<ObjectDisposedException>(() => model.Caption(TestImages.Input(64, 64)));
        await model.DisposeAsync(); // a second dispose is a no-op
    }

    [Fact]
    public void A_call_after_dispose_throws_ObjectDisposedException()
    {
        var model = Florence2Model.Load(_folder.Path);
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Caption(TestImages.Input(64, 64)));
    }

    private (Florence2Model Model, OnnxTextDecoder Decoder) Open()
    {
        var folder = ModelFolder.Open(_folder.Path);
        var text = TextModelConfig.Load(JsonConfigFile.Load(folder.ConfigPath));
        var sessions = new SessionFactory(folder, new Florence2ModelOptions().ToRuntimeSettings());
        var decoder = OnnxTextDecoder.Open(text, sessions);
        var vision = OnnxVisionEncoder.Open(sessions, ImagePreprocessingSettings.Load(JsonConfigFile.Load(folder.PreprocessorConfigPath)), new ImageDecodingOptions(), text.DModel);
        return (Florence2Model.Create(_folder.Path, vision, decoder), decoder);
    }
}
