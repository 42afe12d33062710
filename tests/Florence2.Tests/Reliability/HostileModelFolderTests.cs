using System.Diagnostics;
using System.Text.Json.Nodes;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Reliability;

/// <summary>
/// Model folders made to hurt (issue 12): absurd numbers in the json files, sizes the vision encoder cannot take,
/// broken links, pipes and devices in place of files, oversized json files. Each is a typed load error naming the
/// file (and the key), at load, never an overflow, a hang or a raw runtime error at the first call.
/// </summary>
public sealed class HostileModelFolderTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { ImageSize = 64 });

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("decoder_layers", 2147483647)]
    [InlineData("encoder_layers", 2147483647)]
    [InlineData("d_model", 2147483647)]
    [InlineData("decoder_attention_heads", 1073741824)]
    [InlineData("max_position_embeddings", 2147483647)]
    [InlineData("vocab_size", 2147483647)]
    public void An_absurd_number_in_config_json_is_a_config_error_naming_the_key(string key, int value)
    {
        EditJson("config.json", c => c["text_config"]![key] = value);

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("text_config." + key, e.Key);
        Assert.EndsWith("config.json", e.FilePath, StringComparison.Ordinal);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("decoder_start_token_id", 2147483647)]
    [InlineData("forced_bos_token_id", 60000)]
    [InlineData("no_repeat_ngram_size", 2147483647)]
    public void An_absurd_number_in_generation_config_json_is_a_config_error_naming_the_key(string key, int value)
    {
        EditJson("generation_config.json", c => c[key] = value);

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal(key, e.Key);
        Assert.EndsWith("generation_config.json", e.FilePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100000, 100000)]
    [InlineData(64, 100000)]
    [InlineData(0, 64)]
    public void A_preprocessor_size_out_of_range_is_a_config_error_naming_the_key(int height, int width)
    {
        EditJson("preprocessor_config.json", c => c["size"] = new JsonObject { ["height"] = height, ["width"] = width });

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.StartsWith("size.", e.Key, StringComparison.Ordinal);
        Assert.EndsWith("preprocessor_config.json", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_preprocessor_size_the_vision_encoder_cannot_take_is_refused_at_load()
    {
        // The tiny vision encoder, like DaViT, cuts the image into 32-pixel patches: 8 pixels give no patch at all.
        EditJson("preprocessor_config.json", c => c["size"] = new JsonObject { ["height"] = 8, ["width"] = 8 });

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("size", e.Key);
        Assert.Contains("vision encoder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_tokens_that_leave_no_room_for_a_prompt_are_refused_at_load()
    {
        // 64x64 in 32-pixel patches is 4 tokens plus a pooled one; 6 positions leave one for the prompt, which needs <s> and </s>.
        EditJson("config.json", c => c["text_config"]!["max_position_embeddings"] = 6);

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("text_config.max_position_embeddings", e.Key);
        Assert.Contains("5 image tokens", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("preprocessor_config.json")]
    [InlineData("tokenizer.json")]
    [InlineData(TinyModelFiles.DecoderMerged)]
    public void A_link_that_leads_nowhere_is_a_missing_file(string relative)
    {
        var path = _folder.File(relative);
        File.Delete(path);
        File.CreateSymbolicLink(path, Path.Combine(_folder.Path, "gone", "nowhere.bin"));

        var e = Assert.Throws<ModelFileMissingException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("a link to", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_real_file_is_followed()
    {
        var path = _folder.File("generation_config.json");
        var real = Path.Combine(_folder.Path, "real-generation-config.json");
        File.Move(path, real);
        File.CreateSymbolicLink(path, real);

        using var model = Florence2Model.Load(_folder.Path);
        Assert.True(model.Info.MaxPositions > 0);
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("generation_config.json")]
    [InlineData("tokenizer.json")]
    [InlineData(TinyModelFiles.VisionEncoder)]
    public async Task A_pipe_in_place_of_a_file_is_refused_without_waiting_for_it(string relative)
    {
        var path = _folder.File(relative);
        File.Delete(path);
        MakeFifo(path);

        // Opening a FIFO blocks until a writer comes; the load must not open it. A hang fails the test by its timeout.
        var load = Task.Run(() => Florence2Model.Load(_folder.Path));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == load, "Loading a folder with a FIFO in it hung.");
        var e = await Assert.ThrowsAsync<ModelFileMissingException>(() => load);
        Assert.Equal(path, e.FilePath);
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipe_in_place_of_the_slow_tokenizer_merges_is_refused_without_waiting_for_it()
    {
        // Without tokenizer.json the tokenizer falls back to vocab.json and merges.txt (the slow tokenizer's files).
        File.Delete(_folder.File("tokenizer.json"));
        var merges = _folder.File("merges.txt");
        Assert.True(File.Exists(merges), "The test model writes the slow tokenizer's files too.");
        File.Delete(merges);
        MakeFifo(merges);

        var load = Task.Run(() => Florence2Model.Load(_folder.Path));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == load, "Loading a folder with a FIFO in it hung.");
        var e = await Assert.ThrowsAsync<ModelFileMissingException>(() => load);
        Assert.Equal(merges, e.FilePath);
    }

    [Fact]
    public void A_device_in_place_of_a_json_file_is_refused()
    {
        var path = _folder.File("config.json");
        File.Delete(path);
        File.CreateSymbolicLink(path, "/dev/zero");

        var e = Assert.Throws<ModelFileMissingException>(() => Florence2Model.Load(_folder.Path));
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_file_larger_than_any_real_one_is_refused_before_it_is_read()
    {
        var path = _folder.File("tokenizer.json");
        using (var stream = new FileStream(path, FileMode.Create))
        {
            stream.SetLength(65L * 1024 * 1024); // sparse: costs no disk
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<ModelLoadException>(() => Florence2Model.Load(_folder.Path));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(path, e.FilePath);
        Assert.Contains("more than the", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16L * 1024 * 1024, $"Refusing the file allocated {allocated:N0} bytes.");
    }

    private void EditJson(string file, Action<JsonNode> edit)
    {
        var path = _folder.File(file);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
