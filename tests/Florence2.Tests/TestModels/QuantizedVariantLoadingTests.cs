using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>
/// Every generated variant loads through the library's variant options, alone or mixed per module, from a folder that
/// holds only the chosen files, and decodes the scripted answer with the same token ids as the fp32 model.
/// </summary>
public sealed class QuantizedVariantLoadingTests(QuantizedModelFolder folder) : IClassFixture<QuantizedModelFolder>
{
    public static TheoryData<ModelVariant> GeneratedVariants => [ModelVariant.Fp16, ModelVariant.Quantized, ModelVariant.Int8, ModelVariant.Uint8, ModelVariant.Q4, ModelVariant.Q4F16];

    [Theory]
    [MemberData(nameof(GeneratedVariants))]
    public void A_folder_of_one_variant_loads_with_WithVariant_and_decodes_the_fp32_token_ids(ModelVariant variant)
    {
        var path = folder.ScriptedFolderWithOnly(_ => ToGenerator(variant));
        var expected = GreedyIds(folder.ScriptedPath, new Florence2ModelOptions());

        using var model = Florence2Model.Load(path, new Florence2ModelOptions { Variants = ModelVariants.All(variant) });
        var result = model.Generate(TestImages.Input(), TaskTokens.Caption, options: Greedy);

        Assert.Equal(expected, result.GeneratedTokenIds);
        Assert.Equal(QuantizedModelFolder.Answer, model.Caption(TestImages.Input()).Text);
    }

    [Fact]
    public void A_q4_decoder_loads_beside_fp32_modules_with_DecoderVariant()
    {
        var path = folder.ScriptedFolderWithOnly(module => module == TinyModelFiles.DecoderMerged ? TinyModelVariant.Q4 : TinyModelVariant.Fp32);
        var expected = GreedyIds(folder.ScriptedPath, new Florence2ModelOptions());

        Assert.Equal(expected, GreedyIds(path, new Florence2ModelOptions { Variants = new ModelVariants { Decoder = ModelVariant.Q4 } }));
    }

    [Fact]
    public void A_different_variant_per_module_loads_and_decodes_the_fp32_token_ids()
    {
        var chosen = new Dictionary<string, TinyModelVariant>
        {
            [TinyModelFiles.VisionEncoder] = TinyModelVariant.Fp16,
            [TinyModelFiles.EmbedTokens] = TinyModelVariant.Quantized,
            [TinyModelFiles.Encoder] = TinyModelVariant.Uint8,
            [TinyModelFiles.DecoderMerged] = TinyModelVariant.Q4F16,
        };
        var path = folder.ScriptedFolderWithOnly(module => chosen[module]);
        var expected = GreedyIds(folder.ScriptedPath, new Florence2ModelOptions());

        var options = new Florence2ModelOptions
        {
            Variants = new ModelVariants
            {
                VisionEncoder = ModelVariant.Fp16,
                EmbedTokens = ModelVariant.Quantized,
                Encoder = ModelVariant.Uint8,
                Decoder = ModelVariant.Q4F16,
            },
        };
        Assert.Equal(expected, GreedyIds(path, options));
        // Beam search too: three rows of the quantized decoder per step.
        using var model = Florence2Model.Load(path, options);
        Assert.Equal(QuantizedModelFolder.Answer, model.Caption(TestImages.Input(), options: new TaskOptions { Generation = new GenerationOptions { NumBeams = 3 } }).Text);
    }

    private static GenerationOptions Greedy => new() { NumBeams = 1, MaxNewTokens = 20 };

    private static IReadOnlyList<int> GreedyIds(string path, Florence2ModelOptions options)
    {
        using var model = Florence2Model.Load(path, options);
        return model.Generate(TestImages.Input(), TaskTokens.Caption, options: Greedy).GeneratedTokenIds;
    }

    private static TinyModelVariant ToGenerator(ModelVariant variant) => Enum.Parse<TinyModelVariant>(variant.ToString());
}
