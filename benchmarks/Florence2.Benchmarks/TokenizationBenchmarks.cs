using BenchmarkDotNet.Attributes;
using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Benchmarks;

/// <summary>
/// The tokenizer on the test vocabulary (GPT-2's real BPE in BART's layout plus the Florence tokens): encoding a task
/// prompt, and decoding the 200-token long detection answer with per-token offsets (what the pipeline does per call).
/// </summary>
[MemoryDiagnoser]
public class TokenizationBenchmarks
{
    private const string Prompt = "Locate the objects with category name in the image.";
    private string _folder = "";
    private FlorenceTokenizer _tokenizer = null!;
    private int[] _answerIds = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "florence2-bench-tokenizer-" + Guid.NewGuid().ToString("N"));
        TestTokenizerFiles.Write(_folder);
        _tokenizer = FlorenceTokenizer.Load(_folder);
        _answerIds = [2, 0, .. TestModelFolder.ScriptFor(BenchmarkModels.DetectionAnswer), 2];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>The &lt;OD&gt; prompt → ids with &lt;s&gt; and &lt;/s&gt;.</summary>
    [Benchmark]
    public int EncodePrompt() => _tokenizer.Encode(Prompt).Length;

    /// <summary>204 ids (start, &lt;s&gt;, 200 answer tokens, &lt;/s&gt;) → text and where each token ends.</summary>
    [Benchmark]
    public int DecodeLongAnswer() => _tokenizer.DecodeWithOffsets(_answerIds, out _).Length;
}
