using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>Class fixture: writes a default folder (with fp16 variants) and a scripted folder into a temp directory, deleted afterwards.</summary>
public sealed class TinyModelFolder : IDisposable
{
    public static readonly int[] ScriptTokens = [300, 17, 50000, 4, 4, 9];

    public TinyModelFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "florence2-tiny-" + Guid.NewGuid().ToString("N"));
        var timer = System.Diagnostics.Stopwatch.StartNew();
        TinyModelWriter.Write(DefaultPath, Options);
        DefaultWriteTime = timer.Elapsed;
        TinyModelWriter.Write(ScriptedPath, ScriptedOptions);
    }

    public TinyModelOptions Options { get; } = new() { WriteFp16Variants = true };

    public TinyModelOptions ScriptedOptions { get; } = new() { Script = ScriptTokens };

    public string Root { get; }

    public string DefaultPath => Path.Combine(Root, "default");

    public string ScriptedPath => Path.Combine(Root, "scripted");

    /// <summary>How long writing the default folder (fp32 and fp16) took.</summary>
    public TimeSpan DefaultWriteTime { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
