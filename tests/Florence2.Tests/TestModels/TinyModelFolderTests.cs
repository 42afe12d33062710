using System.Text.Json.Nodes;
using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

public sealed class TinyModelFolderTests(TinyModelFolder folder) : IClassFixture<TinyModelFolder>
{
    [Fact]
    public void Writes_the_onnx_community_layout_with_fp16_variants_on_request()
    {
        foreach (var module in TinyModelFiles.OnnxModules)
        {
            Assert.True(File.Exists(Path.Combine(folder.DefaultPath, module)), module);
            Assert.True(File.Exists(Path.Combine(folder.DefaultPath, TinyModelFiles.Fp16Variant(module))), module);
            Assert.False(File.Exists(Path.Combine(folder.ScriptedPath, TinyModelFiles.Fp16Variant(module))), module);
        }
        Assert.Equal("onnx/decoder_model_merged_fp16.onnx", TinyModelFiles.Fp16Variant(TinyModelFiles.DecoderMerged));
    }

    [Fact]
    public void Writing_a_folder_is_fast()
    {
        // fp32 + fp16 modules and the JSON files; generous bound for slow CI machines.
        Assert.True(folder.DefaultWriteTime < TimeSpan.FromSeconds(5), $"took {folder.DefaultWriteTime}");
    }

    [Fact]
    public void Config_describes_the_tiny_model()
    {
        var config = ReadJson(TinyModelFiles.Config);
        Assert.Equal("florence2", (string?)config["model_type"]);
        Assert.Equal("Florence2ForConditionalGeneration", (string?)config["architectures"]![0]);
        Assert.True((bool?)config["is_encoder_decoder"]);
        Assert.Equal(51289, (int?)config["vocab_size"]);
        Assert.Equal(32, (int?)config["projection_dim"]);
        Assert.Equal([0, 2, 1], new[] { (int?)config["bos_token_id"], (int?)config["eos_token_id"], (int?)config["pad_token_id"] });

        var text = config["text_config"]!;
        Assert.Equal("florence2_language", (string?)text["model_type"]);
        Assert.Equal(32, (int?)text["d_model"]);
        Assert.Equal(1, (int?)text["encoder_layers"]);
        Assert.Equal(2, (int?)text["decoder_layers"]);
        Assert.Equal(4, (int?)text["encoder_attention_heads"]);
        Assert.Equal(4, (int?)text["decoder_attention_heads"]);
        Assert.Equal(128, (int?)text["encoder_ffn_dim"]);
        Assert.Equal(128, (int?)text["decoder_ffn_dim"]);
        Assert.Equal(1024, (int?)text["max_position_embeddings"]);
        Assert.Equal(2, (int?)text["decoder_start_token_id"]);
        Assert.Equal(0, (int?)text["forced_bos_token_id"]);
        Assert.Equal(2, (int?)text["forced_eos_token_id"]);
        Assert.Equal(3, (int?)text["num_beams"]);
        Assert.Equal(3, (int?)text["no_repeat_ngram_size"]);
        Assert.True((bool?)text["early_stopping"]);
        Assert.Equal("davit", (string?)config["vision_config"]!["model_type"]);
        Assert.Equal(32, (int?)config["vision_config"]!["projection_dim"]);
    }

    [Fact]
    public void Generation_config_has_the_onnx_community_values()
    {
        var generation = ReadJson(TinyModelFiles.GenerationConfig);
        var expected = JsonNode.Parse("""
            {"_from_model_config":true,"bos_token_id":0,"decoder_start_token_id":2,"early_stopping":true,"eos_token_id":2,
             "forced_bos_token_id":0,"forced_eos_token_id":2,"no_repeat_ngram_size":3,"num_beams":3,"pad_token_id":1}
            """);
        Assert.True(JsonNode.DeepEquals(expected, generation), generation.ToJsonString());
    }

    [Fact]
    public void Preprocessor_config_has_the_florence2_values_and_task_maps()
    {
        var preprocessor = ReadJson(TinyModelFiles.PreprocessorConfig);
        Assert.Equal("CLIPImageProcessor", (string?)preprocessor["image_processor_type"]);
        Assert.True((bool?)preprocessor["do_resize"]);
        Assert.Equal(768, (int?)preprocessor["size"]!["height"]);
        Assert.Equal(768, (int?)preprocessor["size"]!["width"]);
        Assert.Equal(3, (int?)preprocessor["resample"]);
        Assert.False((bool?)preprocessor["do_center_crop"]);
        Assert.Equal(0.00392156862745098, (double?)preprocessor["rescale_factor"]);
        Assert.Equal([0.485, 0.456, 0.406], preprocessor["image_mean"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([0.229, 0.224, 0.225], preprocessor["image_std"]!.AsArray().Select(v => (double)v!));
        Assert.True(preprocessor.AsObject().ContainsKey("do_convert_rgb"));
        Assert.Null(preprocessor["do_convert_rgb"]);
        Assert.Equal(577, (int?)preprocessor["image_seq_length"]);

        Assert.Equal(15, preprocessor["tasks_answer_post_processing_type"]!.AsObject().Count);
        Assert.Equal("description_with_bboxes", (string?)preprocessor["tasks_answer_post_processing_type"]!["<OD>"]);
        Assert.Equal(8, preprocessor["task_prompts_without_inputs"]!.AsObject().Count);
        Assert.Equal("What does the image describe?", (string?)preprocessor["task_prompts_without_inputs"]!["<CAPTION>"]);
        Assert.Equal(7, preprocessor["task_prompts_with_input"]!.AsObject().Count);
        Assert.Equal("Locate {input} in the image.", (string?)preprocessor["task_prompts_with_input"]!["<OPEN_VOCABULARY_DETECTION>"]);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var directory = Path.Combine(folder.Root, "invalid");
        Assert.Throws<ArgumentException>(() => TinyModelWriter.Write(directory, new TinyModelOptions { Heads = 5 }));
        Assert.Throws<ArgumentException>(() => TinyModelWriter.Write(directory, new TinyModelOptions { Script = [51289] }));
    }

    private JsonNode ReadJson(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder.DefaultPath, file)))!;
}
