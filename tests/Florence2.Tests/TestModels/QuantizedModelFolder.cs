using System.Collections.Concurrent;
using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>
/// Class fixture: two tiny folders with every variant of every module (fp32, fp16, quantized, int8, uint8, q4, q4f16),
/// all encoding the same fp32 weights: one with random weights only (for comparing outputs) and one scripted to answer
/// <see cref="Answer"/>. One vision transformer layer, so that the vision encoder has weight MatMuls to quantize.
/// </summary>
public sealed class QuantizedModelFolder : IDisposable
{
    /// <summary>The caption the scripted folder answers.</summary>
    public const string Answer = "a red car parked on a street";

    private readonly ConcurrentDictionary<TinyModelVariant, Lazy<TinyModelSessions>> sessions = new();

    public QuantizedModelFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "florence2-quantized-" + Guid.NewGuid().ToString("N"));
        TestModelFolder.Write(RandomPath, Options);
        TestModelFolder.Write(ScriptedPath, ScriptedOptions);
    }

    public TinyModelOptions Options { get; } = new() { VisionLayers = 1, Variants = TinyModelOptions.EveryVariant };

    public TinyModelOptions ScriptedOptions => Options with { Script = TestModelFolder.ScriptFor(Answer) };

    public string Root { get; }

    public string RandomPath => Path.Combine(Root, "random");

    public string ScriptedPath => Path.Combine(Root, "scripted");

    /// <summary>The four sessions of <paramref name="variant"/> in the random-weight folder, opened once.</summary>
    internal TinyModelSessions Sessions(TinyModelVariant variant) =>
        sessions.GetOrAdd(variant, v => new Lazy<TinyModelSessions>(() => new TinyModelSessions(RandomPath, Options, v))).Value;

    /// <summary>
    /// A new folder under <see cref="Root"/> with the json and tokenizer files of the scripted folder and, of each module,
    /// only the file of the variant <paramref name="variantOf"/> picks: a model that loads from it read those files.
    /// </summary>
    public string ScriptedFolderWithOnly(Func<string, TinyModelVariant> variantOf)
    {
        var folder = Path.Combine(Root, "only-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        foreach (var file in Directory.EnumerateFiles(ScriptedPath))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        foreach (var module in TinyModelFiles.OnnxModules)
        {
            var file = TinyModelFiles.Variant(module, variantOf(module));
            File.Copy(Path.Combine(ScriptedPath, file), Path.Combine(folder, file));
        }
        return folder;
    }

    public void Dispose()
    {
        foreach (var lazy in sessions.Values.Where(lazy => lazy.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
        Directory.Delete(Root, recursive: true);
    }
}
