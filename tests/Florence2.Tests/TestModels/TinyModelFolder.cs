using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>
/// Class fixture: writes a default folder (with fp16 variants) and a scripted folder into a temp directory,
/// deleted afterwards. Sessions are opened on first use and shared by the tests of the class.
/// </summary>
public sealed class TinyModelFolder : IDisposable
{
    public static readonly int[] ScriptTokens = [300, 17, 50000, 4, 4, 9];

    private readonly Lazy<TinyModelSessions> sessions;
    private readonly Lazy<TinyModelSessions> halfSessions;
    private readonly Lazy<TinyModelSessions> scriptedSessions;

    public TinyModelFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "florence2-tiny-" + Guid.NewGuid().ToString("N"));
        var timer = System.Diagnostics.Stopwatch.StartNew();
        TinyModelWriter.Write(DefaultPath, Options);
        DefaultWriteTime = timer.Elapsed;
        TinyModelWriter.Write(ScriptedPath, ScriptedOptions);
        sessions = new(() => new TinyModelSessions(DefaultPath, Options));
        halfSessions = new(() => new TinyModelSessions(DefaultPath, Options, halfPrecision: true));
        scriptedSessions = new(() => new TinyModelSessions(ScriptedPath, ScriptedOptions));
    }

    public TinyModelOptions Options { get; } = new() { WriteFp16Variants = true };

    public TinyModelOptions ScriptedOptions { get; } = new() { Script = ScriptTokens };

    public string Root { get; }

    public string DefaultPath => Path.Combine(Root, "default");

    public string ScriptedPath => Path.Combine(Root, "scripted");

    /// <summary>How long writing the default folder (fp32 and fp16) took.</summary>
    public TimeSpan DefaultWriteTime { get; }

    internal TinyModelSessions Sessions => sessions.Value;

    internal TinyModelSessions HalfSessions => halfSessions.Value;

    internal TinyModelSessions ScriptedSessions => scriptedSessions.Value;

    public void Dispose()
    {
        foreach (var lazy in new[] { sessions, halfSessions, scriptedSessions }.Where(lazy => lazy.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
        Directory.Delete(Root, recursive: true);
    }
}
