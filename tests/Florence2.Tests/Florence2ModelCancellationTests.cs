using Florence2.Model;
using Florence2.Generation;
using Florence2.Imaging;
using Florence2.Runtime;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Florence2.Vision;

namespace Florence2.Tests;

/// <summary>Cancellation reaches the decode loop and ONNX Runtime: no decoder step runs after the token is cancelled.</summary>
public sealed class Florence2ModelCancellationTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions
    {
        Script = TestModelFolder.ScriptFor("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"),
    });

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Cancelling_mid_generation_stops_within_one_decoder_step(int beams)
    {
        using var cancel = new CancellationTokenSource();
        var steps = 0;
        var (model, decoder) = Open();
        using (model)
        {
            decoder.BeforeDecoderStep = (step, _) =>
            {
                steps++;
                if (step == 4)
                {
                    cancel.Cancel();
                }
            };

            Assert.ThrowsAny<OperationCanceledException>(() =>
                model.Caption(TestImages.Input(), options: new TaskOptions { Generation = new GenerationOptions { NumBeams = beams } }, cancellationToken: cancel.Token));
        }

        // The token was cancelled just before run 4 (the fifth); that run is terminated and none follows.
        Assert.Equal(5, steps);
    }

    [Fact]
    public async Task A_cancelled_async_call_ends_cancelled()
    {
        using var model = Florence2Model.Load(_folder.Path);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.DetectObjectsAsync(TestImages.Input(), cancellationToken: cancel.Token));
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
