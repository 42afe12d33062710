using System.Text.Json.Nodes;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests;

/// <summary>A model folder that does not fit fails at load time with a typed exception naming the culprit.</summary>
public sealed class Florence2ModelLoadTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions());

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("onnx/vision_encoder.onnx")]
    [InlineData("onnx/embed_tokens.onnx")]
    [InlineData("onnx/encoder_model.onnx")]
    [InlineData("onnx/decoder_model_merged.onnx")]
    [InlineData("config.json")]
    [InlineData("preprocessor_config.json")]
    public void A_missing_file_is_named(string relative)
    {
        File.Delete(_folder.File(relative));

        var e = Assert.Throws<ModelFileMissingException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal(Path.GetFullPath(_folder.File(relative)), e.FilePath);
        Assert.Contains(Path.GetFileName(relative), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_variant_lists_the_variants_present()
    {
        var e = Assert.Throws<ModelFileMissingException>(() => Florence2Model.Load(_folder.Path, new Florence2ModelOptions { Variants = { Decoder = ModelVariant.Q4 } }));

        Assert.EndsWith("decoder_model_merged_q4.onnx", e.FilePath, StringComparison.Ordinal);
        Assert.Contains("Variants present: Fp32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_tokenizer_files_are_named()
    {
        foreach (var name in new[] { "tokenizer.json", "vocab.json", "merges.txt" })
        {
            File.Delete(_folder.File(name));
        }

        var e = Assert.Throws<ModelFileMissingException>(() => Florence2Model.Load(_folder.Path));

        Assert.Contains("tokenizer.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_d_model_that_contradicts_the_files_names_file_tensor_expected_and_actual()
    {
        EditConfig(c => c["text_config"]!["d_model"] = 64);

        var e = Assert.Throws<ModelSignatureException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("vision_encoder.onnx", e.FilePath, StringComparison.Ordinal);
        Assert.Equal("image_features", e.TensorName);
        Assert.Contains("64", e.Expected, StringComparison.Ordinal);
        Assert.Contains("32", e.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void More_decoder_layers_in_the_config_than_in_the_file_name_the_missing_cache_input()
    {
        EditConfig(c => c["text_config"]!["decoder_layers"] = 3);

        var e = Assert.Throws<ModelSignatureException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("decoder_model_merged.onnx", e.FilePath, StringComparison.Ordinal);
        Assert.Equal("past_key_values.2.decoder.key", e.TensorName);
        Assert.StartsWith("missing", e.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_count_that_does_not_fit_the_cache_shape_is_named()
    {
        EditConfig(c => c["text_config"]!["decoder_attention_heads"] = 8);

        var e = Assert.Throws<ModelSignatureException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("past_key_values.0.decoder.key", e.TensorName);
        Assert.Contains("8", e.Expected, StringComparison.Ordinal);
        Assert.Contains("4", e.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_swapped_for_another_module_is_rejected()
    {
        File.Copy(_folder.File(TinyModelFiles.Encoder), _folder.File(TinyModelFiles.EmbedTokens), overwrite: true);

        var e = Assert.Throws<ModelSignatureException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("embed_tokens.onnx", e.FilePath, StringComparison.Ordinal);
        Assert.Equal("input_ids", e.TensorName);
    }

    [Fact]
    public void Every_model_file_is_checked_before_any_session_is_opened()
    {
        // The vision encoder is opened (and run on a probe) first: a corrupt one would fail in ONNX Runtime before a
        // missing decoder were noticed, after seconds of work on a real model.
        File.WriteAllBytes(_folder.File(TinyModelFiles.VisionEncoder), [1, 2, 3, 4, 5]);
        File.Delete(_folder.File(TinyModelFiles.DecoderMerged));

        var e = Assert.Throws<ModelFileMissingException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("decoder_model_merged.onnx", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_onnx_file_is_a_load_error_naming_it()
    {
        File.WriteAllBytes(_folder.File(TinyModelFiles.Encoder), [1, 2, 3, 4, 5]);

        var e = Assert.Throws<ModelLoadException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("encoder_model.onnx", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_config_values_name_the_file_and_key()
    {
        EditConfig(c => c["text_config"]!["d_model"] = "wide");

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("text_config.d_model", e.Key);
        Assert.EndsWith("config.json", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_a_config_error()
    {
        File.WriteAllText(_folder.File("generation_config.json"), "{ \"num_beams\": ");

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.EndsWith("generation_config.json", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_early_stopping_value_is_a_config_error()
    {
        var path = _folder.File("generation_config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["early_stopping"] = "sometimes";
        File.WriteAllText(path, json.ToJsonString());

        var e = Assert.Throws<ModelConfigException>(() => Florence2Model.Load(_folder.Path));

        Assert.Equal("early_stopping", e.Key);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_named()
    {
        var missing = Path.Combine(_folder.Path, "nope");

        var e = Assert.Throws<ModelFileMissingException>(() => Florence2Model.Load(missing));

        Assert.Equal(missing, e.FilePath);
    }

    private void EditConfig(Action<JsonNode> edit)
    {
        var path = _folder.File("config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
