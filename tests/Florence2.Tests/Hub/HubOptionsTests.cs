namespace Florence2.Tests.Hub;

/// <summary>Environment variables as huggingface_hub reads them, and the files a choice of variants needs.</summary>
public sealed class HubOptionsTests
{
    [Fact]
    public void The_environment_sets_endpoint_token_cache_and_offline()
    {
        var variables = new Dictionary<string, string>
        {
            ["HF_ENDPOINT"] = "https://mirror.example/",
            ["HF_TOKEN"] = "hf_abc",
            ["HF_HOME"] = "/data/hf",
            ["HF_HUB_OFFLINE"] = "TRUE",
        };

        var options = HubOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal("https://mirror.example", options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
        Assert.Equal(Path.Combine("/data/hf", "hub"), options.CacheDirectory);
        Assert.True(options.Offline);
        Assert.DoesNotContain("hf_abc", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Hf_hub_cache_wins_over_hf_home_and_defaults_apply()
    {
        var options = HubOptions.FromEnvironment(new Dictionary<string, string> { ["HF_HUB_CACHE"] = "/c", ["HF_HOME"] = "/h", ["HF_HUB_OFFLINE"] = "0" }.GetValueOrDefault);
        Assert.Equal("/c", options.CacheDirectory);
        Assert.False(options.Offline);
        Assert.Equal(HubOptions.DefaultEndpoint, options.Endpoint);

        var none = HubOptions.FromEnvironment(new Dictionary<string, string> { ["HF_HOME"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")) }.GetValueOrDefault);
        Assert.Null(none.Token);
    }

    [Fact]
    public void Required_files_follow_the_chosen_variants()
    {
        var options = new ModelVariants
        {
            VisionEncoder = ModelVariant.Fp16,
            EmbedTokens = ModelVariant.Fp16,
            Encoder = ModelVariant.Q4,
            Decoder = ModelVariant.Q4F16,
        };

        Assert.Equal(
            ["onnx/vision_encoder_fp16.onnx", "onnx/embed_tokens_fp16.onnx", "onnx/encoder_model_q4.onnx", "onnx/decoder_model_merged_q4f16.onnx",
                "config.json", "preprocessor_config.json", "tokenizer.json"],
            Florence2Models.RequiredFiles(options));
        Assert.Equal("onnx/decoder_model_merged_quantized.onnx", Florence2Models.OnnxFile(ModelModule.Decoder, ModelVariant.Quantized));
        Assert.Equal("onnx/vision_encoder_bnb4.onnx", Florence2Models.OnnxFile(ModelModule.VisionEncoder, ModelVariant.Bnb4));
        var files = Florence2Models.Files(new ModelVariants());
        Assert.Contains(new HubFile("generation_config.json", Required: false), files);
        Assert.Contains(new HubFile("onnx/embed_tokens.onnx"), files);
    }
}
