using Florence2.Model;

namespace Florence2.Tests.Model;

/// <summary>The onnx-community file names (spec section 5): one mapping for the folder loader and the Hub download.</summary>
public sealed class ModelFilesTests
{
    [Theory]
    [InlineData(ModelModule.VisionEncoder, ModelVariant.Fp32, "onnx/vision_encoder.onnx")]
    [InlineData(ModelModule.EmbedTokens, ModelVariant.Fp16, "onnx/embed_tokens_fp16.onnx")]
    [InlineData(ModelModule.Encoder, ModelVariant.Quantized, "onnx/encoder_model_quantized.onnx")]
    [InlineData(ModelModule.Decoder, ModelVariant.Int8, "onnx/decoder_model_merged_int8.onnx")]
    [InlineData(ModelModule.Decoder, ModelVariant.Uint8, "onnx/decoder_model_merged_uint8.onnx")]
    [InlineData(ModelModule.Decoder, ModelVariant.Q4, "onnx/decoder_model_merged_q4.onnx")]
    [InlineData(ModelModule.Decoder, ModelVariant.Q4F16, "onnx/decoder_model_merged_q4f16.onnx")]
    [InlineData(ModelModule.VisionEncoder, ModelVariant.Bnb4, "onnx/vision_encoder_bnb4.onnx")]
    public void Each_module_and_variant_has_the_export_file_name(ModelModule module, ModelVariant variant, string path)
    {
        Assert.Equal(path, ModelFiles.Onnx(module, variant));
        Assert.Equal(path, Florence2Models.OnnxFile(module, variant));
    }

    [Fact]
    public void Undefined_modules_and_variants_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelFiles.Onnx((ModelModule)9, ModelVariant.Fp32));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelFiles.Onnx(ModelModule.Decoder, (ModelVariant)42));
    }

    [Fact]
    public void The_required_files_follow_each_module_variant()
    {
        var variants = new ModelVariants { VisionEncoder = ModelVariant.Fp16, Decoder = ModelVariant.Q4 };
        Assert.Equal(
            ["onnx/vision_encoder_fp16.onnx", "onnx/embed_tokens.onnx", "onnx/encoder_model.onnx", "onnx/decoder_model_merged_q4.onnx",
                "config.json", "preprocessor_config.json", "tokenizer.json"],
            ModelFiles.Required(variants));
    }

    [Fact]
    public void Variants_are_read_per_module_and_set_together()
    {
        var all = ModelVariants.All(ModelVariant.Q4F16);
        Assert.All(Enum.GetValues<ModelModule>(), module => Assert.Equal(ModelVariant.Q4F16, all.Of(module)));

        var mixed = new ModelVariants { EmbedTokens = ModelVariant.Fp16, Encoder = ModelVariant.Int8 };
        Assert.Equal(
            [ModelVariant.Fp32, ModelVariant.Fp16, ModelVariant.Int8, ModelVariant.Fp32],
            Enum.GetValues<ModelModule>().Select(mixed.Of));
        Assert.Contains("Decoder", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelVariants { Decoder = (ModelVariant)42 }.Validate()).Message,
            StringComparison.Ordinal);
    }
}
