using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>
/// The generated variant files use the operators, attributes and initializer layouts of the onnx-community exports
/// (onnxruntime.quantization's dynamic 8-bit form and MatMul4BitsQuantizer's MatMulNBits form), and every weight of the
/// fp32 file has its encoded counterpart: read back from the files with an independent protobuf reader.
/// </summary>
public sealed class QuantizedVariantStructureTests(QuantizedModelFolder folder) : IClassFixture<QuantizedModelFolder>
{
    private const int Float = 1;
    private const int Uint8 = 2;
    private const int Int8 = 3;
    private const int Float16 = 10;

    public static TheoryData<string, TinyModelVariant> EightBitFiles => Cross(TinyModelFiles.OnnxModules, TinyModelVariant.Quantized, TinyModelVariant.Int8, TinyModelVariant.Uint8);

    // embed_tokens has no MatMul.
    public static TheoryData<string, TinyModelVariant> EightBitMatMulFiles => Cross(MatMulModules, TinyModelVariant.Quantized, TinyModelVariant.Int8, TinyModelVariant.Uint8);

    public static TheoryData<string, TinyModelVariant> FourBitFiles => Cross(TinyModelFiles.OnnxModules, TinyModelVariant.Q4, TinyModelVariant.Q4F16);

    private static string[] MatMulModules => [TinyModelFiles.VisionEncoder, TinyModelFiles.Encoder, TinyModelFiles.DecoderMerged];

    [Theory]
    [MemberData(nameof(EightBitMatMulFiles))]
    public void Eight_bit_files_quantize_every_weight_matmul_as_quantize_dynamic_does(string module, TinyModelVariant variant)
    {
        var fp32 = Read(module, TinyModelVariant.Fp32);
        var file = Read(module, variant);
        var weights = WeightMatMuls(fp32).ToList();
        // transformers.js's q8 picks unsigned weights for a model with a Conv (the vision encoder), signed otherwise.
        var weightType = variant == TinyModelVariant.Uint8 || (variant == TinyModelVariant.Quantized && module == TinyModelFiles.VisionEncoder) ? Uint8 : Int8;

        Assert.NotEmpty(weights);
        Assert.Empty(WeightMatMuls(file));
        var matMulIntegers = file.OfType("MatMulInteger").ToList();
        Assert.Equal(weights.Count, matMulIntegers.Count);
        foreach (var (name, k, n) in weights)
        {
            AssertInitializer(file, $"{name}_quantized", weightType, k, n);
            AssertInitializer(file, $"{name}_scale", Float);
            AssertInitializer(file, $"{name}_zero_point", weightType);
        }
        foreach (var node in matMulIntegers)
        {
            // A: the uint8 activation DynamicQuantizeLinear makes at run time; B and its zero point: the weight's.
            Assert.Equal("DynamicQuantizeLinear", file.Producer(node.Inputs[0])?.OpType);
            Assert.Equal(file.Producer(node.Inputs[0])!.Outputs[2], node.Inputs[2]);
            Assert.Equal(node.Inputs[1].Replace("_quantized", "_zero_point", StringComparison.Ordinal), node.Inputs[3]);
        }
        // Consumers of one activation (the q, k and v projections) share its quantization.
        Assert.True(file.OfType("DynamicQuantizeLinear").Count() < matMulIntegers.Count);
        Assert.DoesNotContain(file.Nodes, node => node.Domain.Length > 0);
    }

    [Theory]
    [MemberData(nameof(EightBitFiles))]
    public void Eight_bit_files_read_embedding_tables_as_uint8_and_convolutions_as_ConvInteger(string module, TinyModelVariant variant)
    {
        var fp32 = Read(module, TinyModelVariant.Fp32);
        var file = Read(module, variant);

        var floatGathers = FloatTableGathers(fp32).ToList();
        Assert.Empty(FloatTableGathers(file));
        Assert.Equal(floatGathers.Count, file.OfType("DequantizeLinear").Count());
        foreach (var table in floatGathers.Distinct())
        {
            AssertInitializer(file, $"{table}_quantized", Uint8, fp32.Initializers[table].Dims.ToArray());
            foreach (var gather in file.OfType("Gather").Where(node => node.Inputs[0] == $"{table}_quantized"))
            {
                var dequantize = file.Nodes.Single(node => node.Inputs.Contains(gather.Outputs[0]));
                Assert.Equal("DequantizeLinear", dequantize.OpType);
                Assert.Equal([gather.Outputs[0], $"{table}_scale", $"{table}_zero_point"], dequantize.Inputs);
            }
        }

        Assert.Empty(file.OfType("Conv"));
        Assert.Equal(fp32.OfType("Conv").Count(), file.OfType("ConvInteger").Count());
        foreach (var conv in file.OfType("ConvInteger"))
        {
            Assert.Equal("DynamicQuantizeLinear", file.Producer(conv.Inputs[0])?.OpType);
            Assert.Equal(variant == TinyModelVariant.Int8 ? Int8 : Uint8, file.Initializers[conv.Inputs[1]].ElementType);
        }
    }

    [Theory]
    [MemberData(nameof(FourBitFiles))]
    public void Four_bit_files_turn_every_weight_matmul_into_MatMulNBits_blocks_of_32(string module, TinyModelVariant variant)
    {
        var fp32 = Read(module, TinyModelVariant.Fp32);
        var file = Read(module, variant);
        var weights = WeightMatMuls(fp32).ToList();

        Assert.Empty(WeightMatMuls(file));
        var nBits = file.OfType("MatMulNBits").ToList();
        Assert.Equal(weights.Count, nBits.Count);
        Assert.All(nBits, node => Assert.Equal("com.microsoft", node.Domain));
        Assert.Equal(1, file.Opsets["com.microsoft"]);
        Assert.Equal(17, file.Opsets[""]);
        foreach (var (name, k, n) in weights)
        {
            var node = nBits.First(node => node.Inputs[1] == $"{name}_Q4");
            Assert.Equal(new Dictionary<string, long> { ["K"] = k, ["N"] = n, ["bits"] = 4, ["block_size"] = 32 }, node.Ints);
            // Symmetric blocks: no zero-point input.
            Assert.Equal(3, node.Inputs.Count);
            var blocks = (k + 31) / 32;
            AssertInitializer(file, $"{name}_Q4", Uint8, n, blocks, 16);
            AssertInitializer(file, $"{name}_scales", variant == TinyModelVariant.Q4F16 ? Float16 : Float, n * blocks);
            var activation = file.Producer(node.Inputs[0]);
            Assert.Equal(variant == TinyModelVariant.Q4F16, activation is { OpType: "Cast" } && activation.Ints["to"] == Float16);
        }

        // MatMul4BitsQuantizer touches MatMuls only: convolutions and embedding tables stay float32.
        Assert.Equal(fp32.OfType("Conv").Count(), file.OfType("Conv").Count());
        Assert.Equal(FloatTableGathers(fp32).Count(), FloatTableGathers(file).Count());
    }

    [Fact]
    public void An_accuracy_level_on_request_is_written_into_every_MatMulNBits_and_the_model_still_answers()
    {
        using var level4 = new Support.TempModelFolder(new TinyModelOptions
        {
            Variants = [TinyModelVariant.Q4], FourBitAccuracyLevel = 4, Script = TestModelFolder.ScriptFor("a red car"),
        });

        var census = OnnxGraphCensus.Read(level4.File(TinyModelFiles.Variant(TinyModelFiles.DecoderMerged, TinyModelVariant.Q4)));
        using var model = Florence2Model.Load(level4.Path, new Florence2ModelOptions { Variants = ModelVariants.All(ModelVariant.Q4) });

        Assert.NotEmpty(census.OfType("MatMulNBits"));
        Assert.All(census.OfType("MatMulNBits"), node => Assert.Equal(4, node.Ints["accuracy_level"]));
        Assert.Equal("a red car", model.Caption(Support.TestImages.Input(640, 480)).Text);
    }

    [Fact]
    public void Fp32_files_have_the_weight_matmuls_the_architecture_has()
    {
        var o = folder.Options;
        Assert.Equal(6 * o.VisionLayers, WeightMatMuls(Read(TinyModelFiles.VisionEncoder, TinyModelVariant.Fp32)).Count());
        Assert.Empty(WeightMatMuls(Read(TinyModelFiles.EmbedTokens, TinyModelVariant.Fp32)));
        Assert.Equal(6 * o.EncoderLayers, WeightMatMuls(Read(TinyModelFiles.Encoder, TinyModelVariant.Fp32)).Count());
        // Without past: 4 self-attention, 4 cross-attention, 2 feed-forward per layer; with past the cross-attention
        // keys and values come from the cache. Each branch ends in the LM head.
        var decoder = WeightMatMuls(Read(TinyModelFiles.DecoderMerged, TinyModelVariant.Fp32)).ToList();
        Assert.Equal((10 * o.DecoderLayers) + 1 + (8 * o.DecoderLayers) + 1, decoder.Count);
        Assert.Equal(2, decoder.Count(w => w is (_, 32, 51289)));

        // The embedding table and the learned positions (one gather per decoder branch); the vision encoder adds its positions.
        Assert.Equal([0, 1, 1, 2], TinyModelFiles.OnnxModules.Select(m => FloatTableGathers(Read(m, TinyModelVariant.Fp32)).Count()));
        Assert.Single(Read(TinyModelFiles.VisionEncoder, TinyModelVariant.Fp32).OfType("Conv"));
    }

    private static TheoryData<string, TinyModelVariant> Cross(IEnumerable<string> modules, params TinyModelVariant[] variants)
    {
        var data = new TheoryData<string, TinyModelVariant>();
        foreach (var module in modules)
        {
            foreach (var variant in variants)
            {
                data.Add(module, variant);
            }
        }
        return data;
    }

    private OnnxGraphCensus Read(string module, TinyModelVariant variant) =>
        OnnxGraphCensus.Read(Path.Combine(folder.RandomPath, TinyModelFiles.Variant(module, variant)));

    // MatMuls by a constant weight [K, N]: an initializer, or the fp32 LM head, the transposed shared embedding, which
    // the export folds into one [d_model, vocab] weight (here "lm_head.weight") that the quantizers then encode.
    private static IEnumerable<(string Name, long K, long N)> WeightMatMuls(OnnxGraphCensus census)
    {
        foreach (var node in census.OfType("MatMul"))
        {
            if (census.Initializers.TryGetValue(node.Inputs[1], out var weight))
            {
                yield return (weight.Name, weight.Dims[0], weight.Dims[1]);
            }
            else if (census.Producer(node.Inputs[1]) is { OpType: "Transpose" } transpose && census.Initializers.TryGetValue(transpose.Inputs[0], out var tied))
            {
                yield return ("lm_head.weight", tied.Dims[1], tied.Dims[0]);
            }
        }
    }

    private static IEnumerable<string> FloatTableGathers(OnnxGraphCensus census) =>
        census.OfType("Gather").Select(node => node.Inputs[0]).Where(input => census.Initializers.TryGetValue(input, out var t) && t.ElementType == Float);

    private static void AssertInitializer(OnnxGraphCensus census, string name, int elementType, params long[] dims)
    {
        Assert.True(census.Initializers.TryGetValue(name, out var initializer), $"no initializer {name}");
        Assert.Equal(elementType, initializer.ElementType);
        Assert.Equal(dims, initializer.Dims);
    }
}
