using System.Text.Json.Nodes;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Reliability;

/// <summary>
/// The model-folder rows of the bad-input matrix (docs/reliability.md) that ModelLoadingTests does not already pin:
/// a truncated ONNX file, garbage bytes of realistic size, modules of two model sizes mixed, a config without a
/// required field, and a tokenizer whose size does not match vocab_size.
/// </summary>
public sealed class ModelFolderMatrixTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { ImageSize = 64 });

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(TinyModelFiles.DecoderMerged)]
    [InlineData(TinyModelFiles.VisionEncoder)]
    public void A_truncated_onnx_file_is_a_load_error_naming_it(string relative)
    {
        var path = _folder.File(relative);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var e = Assert.Throws<ModelLoadException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal(Path.GetFullPath(path), Path.GetFullPath(e.FilePath));
        Assert.Contains(Path.GetFileName(relative), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_bytes_of_realistic_size_are_a_load_error_naming_the_file()
    {
        var path = _folder.File(TinyModelFiles.EmbedTokens);
        var garbage = new byte[new FileInfo(path).Length];
        new Random(11).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        var e = Assert.Throws<ModelLoadException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("embed_tokens.onnx", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decoder_from_a_wider_model_is_refused_naming_file_tensor_and_widths()
    {
        using var wide = new TempModelFolder(new TinyModelOptions { ImageSize = 64, DModel = 64 });
        File.Copy(wide.File(TinyModelFiles.DecoderMerged), _folder.File(TinyModelFiles.DecoderMerged), overwrite: true);

        var e = Assert.Throws<ModelSignatureException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("decoder_model_merged.onnx", e.FilePath, StringComparison.Ordinal);
        Assert.Contains("32", e.Expected, StringComparison.Ordinal);
        Assert.Contains("64", e.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vision_encoder_from_a_wider_model_is_refused()
    {
        using var wide = new TempModelFolder(new TinyModelOptions { ImageSize = 64, DModel = 64 });
        File.Copy(wide.File(TinyModelFiles.VisionEncoder), _folder.File(TinyModelFiles.VisionEncoder), overwrite: true);

        var e = Assert.Throws<ModelSignatureException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("vision_encoder.onnx", e.FilePath, StringComparison.Ordinal);
        Assert.Contains("64", e.Actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d_model")]
    [InlineData("decoder_layers")]
    [InlineData("decoder_attention_heads")]
    public void A_config_without_a_required_field_names_it(string key)
    {
        EditConfig(c => c["text_config"]!.AsObject().Remove(key));

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("text_config." + key, e.Key);
        Assert.Contains("required but missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenizer_larger_than_vocab_size_is_refused_with_both_sizes()
    {
        EditConfig(c => c["text_config"]!["vocab_size"] = 50_000);

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("text_config.vocab_size", e.Key);
        Assert.Contains("50000", e.Message, StringComparison.Ordinal);
        Assert.Contains("51289 tokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vocab_size_the_onnx_files_do_not_have_is_refused()
    {
        EditConfig(c => c["text_config"]!["vocab_size"] = 60_000);

        var e = Assert.Throws<ModelSignatureException>(() => Florence2Model.Load(_folder.Path));

        Assert.Contains("60000", e.Expected, StringComparison.Ordinal);
        Assert.Contains("51289", e.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_beams_in_generation_config_name_the_file_and_key()
    {
        var path = _folder.File("generation_config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["num_beams"] = 100;
        File.WriteAllText(path, json.ToJsonString());

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("num_beams", e.Key);
        Assert.EndsWith("generation_config.json", e.FilePath, StringComparison.Ordinal);
        Assert.Contains("more than the 64 beams supported", e.Message, StringComparison.Ordinal);
    }

    private void EditConfig(Action<JsonNode> edit)
    {
        var path = _folder.File("config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
