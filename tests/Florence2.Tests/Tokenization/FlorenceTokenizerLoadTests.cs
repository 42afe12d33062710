using System.Diagnostics;
using Florence2.TestModels;
using Florence2.Tokenization;
using Xunit.Abstractions;

namespace Florence2.Tests.Tokenization;

public sealed class FlorenceTokenizerLoadTests(LoadedTestTokenizer loaded, ITestOutputHelper output) : IClassFixture<LoadedTestTokenizer>
{
    private static readonly string[] SampleTexts =
    [
        "What is the region <loc_52><loc_332><loc_932><loc_774>?",
        "Locate the phrases in the caption: café 東京 😀 it's 1,000",
        "<od>x<s>y</s> <mask><and>",
    ];

    private readonly TemporaryTokenizerFolders _folders = loaded.Folders;

    [Fact]
    public void Load_onnx_community_layout_exposes_the_bart_specials_and_size()
    {
        FlorenceTokenizer tokenizer = loaded.Tokenizer;

        Assert.Equal(TestVocabulary.BosTokenId, tokenizer.BosTokenId);
        Assert.Equal(TestVocabulary.EosTokenId, tokenizer.EosTokenId);
        Assert.Equal(TestVocabulary.PadTokenId, tokenizer.PadTokenId);
        Assert.Equal(TestVocabulary.UnknownTokenId, tokenizer.UnknownTokenId);
        Assert.Equal(TestVocabulary.VocabularySize, tokenizer.VocabularySize);
    }

    [Fact]
    public void Token_lookups_go_both_ways()
    {
        FlorenceTokenizer tokenizer = loaded.Tokenizer;

        Assert.True(tokenizer.TryGetTokenId("<loc_999>", out int location));
        Assert.Equal(51268, location);
        Assert.True(tokenizer.TryGetTokenId("Ġcat", out int cat));
        Assert.Equal(new[] { cat }, TestVocabulary.Encode(" cat"));
        Assert.False(tokenizer.TryGetTokenId("<loc_1000>", out _));
        Assert.Equal("<region_to_desciption>", tokenizer.GetTokenText(51282));
        Assert.Equal("Ġcat", tokenizer.GetTokenText(cat));
        Assert.Equal("<mask>", tokenizer.GetTokenText(TestVocabulary.MaskTokenId));
        Assert.Null(tokenizer.GetTokenText(-1));
        Assert.Null(tokenizer.GetTokenText(TestVocabulary.VocabularySize));
    }

    [Fact]
    public void Load_vocab_and_merges_fallback_gives_the_same_ids_as_tokenizer_json()
    {
        string directory = _folders.Create(TestTokenizerFileSet.All & ~TestTokenizerFileSet.TokenizerJson);

        AssertSameEncoding(loaded.Tokenizer, FlorenceTokenizer.Load(directory));
    }

    [Fact]
    public void Load_vocab_and_merges_without_added_tokens_file_adds_the_florence_tokens()
    {
        string directory = _folders.Create(TestTokenizerFileSet.VocabJson | TestTokenizerFileSet.MergesTxt);

        FlorenceTokenizer tokenizer = FlorenceTokenizer.Load(directory);

        AssertSameEncoding(loaded.Tokenizer, tokenizer);
        Assert.Equal(TestVocabulary.VocabularySize, tokenizer.VocabularySize);
    }

    [Fact]
    public void Load_merges_as_pairs_gives_the_same_ids()
    {
        string directory = _folders.Create(TestTokenizerFileSet.TokenizerJson | TestTokenizerFileSet.MergesAsPairs);

        AssertSameEncoding(loaded.Tokenizer, FlorenceTokenizer.Load(directory));
    }

    [Fact]
    public void Load_microsoft_layout_without_florence_tokens_adds_them_at_their_standard_ids()
    {
        string directory = _folders.Create(TestTokenizerFileSet.MicrosoftLayout);

        FlorenceTokenizer tokenizer = FlorenceTokenizer.Load(directory);

        Assert.Equal(TestVocabulary.VocabularySize, tokenizer.VocabularySize);
        IReadOnlyList<string> florence = TestVocabulary.FlorenceTokens;
        for (int i = 0; i < florence.Count; i++)
        {
            Assert.True(tokenizer.TryGetTokenId(florence[i], out int id));
            Assert.Equal(TestVocabulary.FirstFlorenceTokenId + i, id);
        }

        AssertSameEncoding(loaded.Tokenizer, tokenizer);
    }

    [Fact]
    public void Load_config_without_clean_up_key_defaults_to_clean_up()
    {
        string directory = _folders.Create(TestTokenizerFileSet.TokenizerJson);
        File.WriteAllText(Path.Combine(directory, TestTokenizerFiles.TokenizerConfigFileName), """{ "model_max_length": 1024 }""");

        Assert.True(FlorenceTokenizer.Load(directory).CleanUpTokenizationSpaces);
    }

    [Fact]
    public void Load_no_config_file_defaults_to_clean_up()
    {
        string directory = _folders.Create(TestTokenizerFileSet.TokenizerJson);

        Assert.True(FlorenceTokenizer.Load(directory).CleanUpTokenizationSpaces);
    }

    [Fact]
    public void Load_config_disabling_clean_up_keeps_spaces_before_punctuation()
    {
        string directory = _folders.Create(TestTokenizerFileSet.TokenizerJson);
        File.WriteAllText(Path.Combine(directory, TestTokenizerFiles.TokenizerConfigFileName), """{ "clean_up_tokenization_spaces": false }""");

        FlorenceTokenizer tokenizer = FlorenceTokenizer.Load(directory);

        Assert.False(tokenizer.CleanUpTokenizationSpaces);
        Assert.Equal("a car . it 's", tokenizer.Decode(TestVocabulary.Encode("a car . it 's")));
    }

    [Fact]
    public void Load_empty_folder_throws_file_missing_naming_the_files()
    {
        string directory = _folders.CreateEmpty();

        var exception = Assert.Throws<ModelFileMissingException>(() => FlorenceTokenizer.Load(directory));

        Assert.Contains("tokenizer.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains("merges.txt", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_vocab_without_merges_throws_file_missing_for_merges()
    {
        string directory = _folders.Create(TestTokenizerFileSet.VocabJson);

        var exception = Assert.Throws<ModelFileMissingException>(() => FlorenceTokenizer.Load(directory));

        Assert.Equal(Path.Combine(directory, "merges.txt"), exception.FilePath);
    }

    [Fact]
    public void Load_malformed_tokenizer_json_throws_config_naming_the_file()
    {
        string directory = _folders.CreateEmpty();
        string path = Path.Combine(directory, "tokenizer.json");
        File.WriteAllText(path, """{ "model": { "vocab": { "a": 0, """);

        var exception = Assert.Throws<ModelConfigException>(() => FlorenceTokenizer.Load(directory));

        Assert.Equal(path, exception.FilePath);
        Assert.Contains("tokenizer.json", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "added_tokens": [] }""", "model")]
    [InlineData("""{ "model": { "type": "BPE", "merges": [] } }""", "model.vocab")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0 } } }""", "model.merges")]
    [InlineData("""{ "model": { "type": "WordPiece", "vocab": {}, "merges": [] } }""", "model.type")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0, "b": 0 }, "merges": [] } }""", "model.vocab")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": -1 }, "merges": [] } }""", "model.vocab")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0 }, "merges": ["a"] } }""", "model.merges")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0 }, "merges": [["a"]] } }""", "model.merges")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0 }, "merges": [] }, "added_tokens": [ { "id": 0, "content": "<s>" } ] }""", "added_tokens")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0 }, "merges": [] }, "added_tokens": [ { "id": 1 } ] }""", "added_tokens[].content")]
    [InlineData("""{ "model": { "type": "BPE", "vocab": { "a": 0 }, "merges": [] } }""", "added_tokens")]
    public void Load_TokenizerJsonWithABadKey_ThrowsConfigNamingFileAndKey(string json, string key)
    {
        string directory = _folders.CreateEmpty();
        string path = Path.Combine(directory, "tokenizer.json");
        File.WriteAllText(path, json);

        var exception = Assert.Throws<ModelConfigException>(() => FlorenceTokenizer.Load(directory));

        Assert.Equal(path, exception.FilePath);
        Assert.Equal(key, exception.Key);
    }

    [Fact]
    public void Load_malformed_vocab_json_throws_config_naming_the_file()
    {
        string directory = _folders.Create(TestTokenizerFileSet.MergesTxt);
        string path = Path.Combine(directory, "vocab.json");
        File.WriteAllText(path, "[1, 2");

        var exception = Assert.Throws<ModelConfigException>(() => FlorenceTokenizer.Load(directory));

        Assert.Equal(path, exception.FilePath);
    }

    [Fact]
    public void Load_added_tokens_file_reusing_a_vocabulary_id_throws_config_naming_the_file()
    {
        string directory = _folders.Create(TestTokenizerFileSet.VocabJson | TestTokenizerFileSet.MergesTxt);
        string path = Path.Combine(directory, "added_tokens.json");
        File.WriteAllText(path, """{ "<od>": 5 }""");

        var exception = Assert.Throws<ModelConfigException>(() => FlorenceTokenizer.Load(directory));

        Assert.Equal(path, exception.FilePath);
        Assert.Equal("<od>", exception.Key);
    }

    [Fact]
    public void Load_malformed_config_throws_config_naming_the_file()
    {
        string directory = _folders.Create(TestTokenizerFileSet.TokenizerJson);
        string path = Path.Combine(directory, "tokenizer_config.json");
        File.WriteAllText(path, """{ "clean_up_tokenization_spaces": "yes" }""");

        var exception = Assert.Throws<ModelConfigException>(() => FlorenceTokenizer.Load(directory));

        Assert.Equal(path, exception.FilePath);
        Assert.Equal("clean_up_tokenization_spaces", exception.Key);
    }

    [Fact]
    public void Encode_and_decode_from_many_threads_give_the_single_threaded_results()
    {
        FlorenceTokenizer tokenizer = FlorenceTokenizer.Load(_folders.Create(TestTokenizerFileSet.TokenizerJson));
        string[] texts = PlainTextsWithVariations();
        int[][] expected = Array.ConvertAll(texts, text => (int[])[0, .. TestVocabulary.Encode(text), 2]);

        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int index = i % texts.Length;
            int[] ids = tokenizer.Encode(texts[index]);
            Assert.Equal(expected[index], ids);
            Assert.Equal("<s>" + texts[index] + "</s>", tokenizer.Decode(ids));
        });
    }

    [Fact]
    public void Load_and_encode_are_fast()
    {
        string directory = _folders.Create(TestTokenizerFileSet.TokenizerJson | TestTokenizerFileSet.TokenizerConfig);
        FlorenceTokenizer.Load(directory);

        var load = Stopwatch.StartNew();
        FlorenceTokenizer tokenizer = FlorenceTokenizer.Load(directory);
        load.Stop();

        const string Prompt = "What is the region <loc_52><loc_332><loc_932><loc_774>?";
        tokenizer.Encode(Prompt);
        const int Rounds = 10_000;
        var encode = Stopwatch.StartNew();
        for (int i = 0; i < Rounds; i++)
        {
            tokenizer.Encode(Prompt);
        }

        encode.Stop();
        double encodeMicroseconds = encode.Elapsed.TotalMicroseconds / Rounds;
        output.WriteLine($"load {load.Elapsed.TotalMilliseconds:F0} ms, encode {encodeMicroseconds:F2} µs per prompt");

        // Generous bounds for shared CI machines; the measured values are far lower.
        Assert.True(load.Elapsed < TimeSpan.FromSeconds(3), $"load took {load.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(encodeMicroseconds < 500, $"encode took {encodeMicroseconds:F1} µs");
    }

    private static string[] PlainTextsWithVariations() =>
    [
        "What is the text in the image?",
        "Locate cat in the image.",
        "car<loc_52><loc_332><loc_932><loc_774>",
        "café 東京 😀",
        "tab\tnewline\n",
    ];

    private static void AssertSameEncoding(FlorenceTokenizer expected, FlorenceTokenizer actual)
    {
        Assert.Equal(expected.VocabularySize, actual.VocabularySize);
        foreach (string text in SampleTexts)
        {
            Assert.Equal(expected.Encode(text), actual.Encode(text));
        }
    }
}
