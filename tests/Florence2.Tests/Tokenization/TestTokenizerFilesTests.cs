using System.Diagnostics;
using System.Text.Json;
using Florence2.TestModels;
using Xunit.Abstractions;

namespace Florence2.Tests.Tokenization;

public sealed class TestTokenizerFilesTests(LoadedTestTokenizer loaded, ITestOutputHelper output) : IClassFixture<LoadedTestTokenizer>
{
    [Fact]
    public void Write_all_writes_the_onnx_community_file_set()
    {
        string[] names = Array.ConvertAll(Directory.GetFiles(loaded.Directory), path => Path.GetFileName(path)!);

        Assert.Equal(
            ["added_tokens.json", "merges.txt", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json"],
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Files_have_the_bart_shape()
    {
        string[] merges = File.ReadAllLines(Path.Combine(loaded.Directory, "merges.txt"));
        Assert.Equal("#version: 0.2", merges[0]);
        Assert.Equal(50_000, merges.Length - 1);

        using JsonDocument vocab = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(loaded.Directory, "vocab.json")));
        Assert.Equal(TestVocabulary.BaseVocabularySize, vocab.RootElement.EnumerateObject().Count());
        Assert.Equal(0, vocab.RootElement.GetProperty("<s>").GetInt32());
        Assert.Equal(50260, vocab.RootElement.GetProperty("<|endoftext|>").GetInt32());
        Assert.Equal(50264, vocab.RootElement.GetProperty("<mask>").GetInt32());

        using JsonDocument added = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(loaded.Directory, "added_tokens.json")));
        Assert.Equal(1024, added.RootElement.EnumerateObject().Count());
        Assert.Equal(51282, added.RootElement.GetProperty("<region_to_desciption>").GetInt32());

        using JsonDocument config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(loaded.Directory, "tokenizer_config.json")));
        Assert.Equal("BartTokenizer", config.RootElement.GetProperty("tokenizer_class").GetString());
        Assert.True(config.RootElement.GetProperty("clean_up_tokenization_spaces").GetBoolean());
        Assert.Equal(1024, config.RootElement.GetProperty("model_max_length").GetInt32());

        using JsonDocument tokenizer = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(loaded.Directory, "tokenizer.json")));
        JsonElement root = tokenizer.RootElement;
        Assert.Equal(5 + 1024, root.GetProperty("added_tokens").GetArrayLength());
        Assert.Equal("RobertaProcessing", root.GetProperty("post_processor").GetProperty("type").GetString());
        Assert.False(root.GetProperty("pre_tokenizer").GetProperty("add_prefix_space").GetBoolean());
        Assert.Equal(50_000, root.GetProperty("model").GetProperty("merges").GetArrayLength());
    }

    [Fact]
    public void Write_after_the_first_is_cheap()
    {
        using var folders = new TemporaryTokenizerFolders();
        folders.Create(TestTokenizerFileSet.All);

        var watch = Stopwatch.StartNew();
        folders.Create(TestTokenizerFileSet.All);
        watch.Stop();

        output.WriteLine($"write of a full folder: {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Oracle_rejects_end_of_text_which_tiktoken_treats_as_special()
    {
        Assert.Throws<ArgumentException>(() => TestVocabulary.Encode("a<|endoftext|>"));
    }
}
