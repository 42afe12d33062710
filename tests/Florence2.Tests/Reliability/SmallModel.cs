using Florence2.Tests.Support;
using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Tests.Reliability;

/// <summary>
/// Class fixture: a tiny scripted model on 64×64 images (5 image tokens) that answers "a cat", loaded once, with the
/// folder's tokenizer for independent checks of what was sent.
/// </summary>
public sealed class SmallModel : IDisposable
{
    public SmallModel()
    {
        Folder = new TempModelFolder(new TinyModelOptions { ImageSize = 64, Script = TestModelFolder.ScriptFor("a cat") });
        Model = Florence2Model.Load(Folder.Path);
        Tokenizer = FlorenceTokenizer.Load(Folder.Path);
    }

    public TempModelFolder Folder { get; }

    public Florence2Model Model { get; }

    internal FlorenceTokenizer Tokenizer { get; }

    /// <summary>A 64×64 picture: the model's own size, so no resize work.</summary>
    public static ImageInput Image() => TestImages.Input(64, 64);

    /// <summary>Greedy, short: enough to run the whole pipeline.</summary>
    public static GenerationOptions Quick { get; } = new() { NumBeams = 1, MaxNewTokens = 8 };

    public void Dispose()
    {
        Model.Dispose();
        Folder.Dispose();
    }
}
