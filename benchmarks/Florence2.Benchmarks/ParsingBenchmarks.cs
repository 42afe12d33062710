using BenchmarkDotNet.Attributes;
using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Benchmarks;

/// <summary>The long detection answer (40 boxes, 200 tokens) through <see cref="LocationTokenParser"/> to pixel boxes with scores.</summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private AnswerTokens _answer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Path.GetTempPath(), "florence2-bench-parsing-" + Guid.NewGuid().ToString("N"));
        try
        {
            TestTokenizerFiles.Write(folder);
            var tokenizer = FlorenceTokenizer.Load(folder);
            int[] ids = [.. TestModelFolder.ScriptFor(BenchmarkModels.DetectionAnswer), 2];
            var text = tokenizer.DecodeWithOffsets(ids, out var tokenEnds);
            var logProbs = Enumerable.Range(0, ids.Length).Select(i => -0.01f * (i % 7)).ToArray();
            _answer = new AnswerTokens(text, tokenEnds, logProbs, isTruncated: false, cleanUpTokenizationSpaces: false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>40 labelled boxes on a 1920×1080 image.</summary>
    [Benchmark]
    public int ParseLongDetection() =>
        LocationTokenParser.Instance.ParseBoxes(_answer, new ImageSize(BenchmarkImages.Width, BenchmarkImages.Height), labelsRequired: true).Count;
}
