using System.Text.Json;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Tests.TestModels;

/// <summary>
/// The DaViT-shaped vision stand-in at miniature widths (the base one has the same graph at Florence-2-base's sizes):
/// its interface, its use by the library in every variant, and its FLOP count against ONNX Runtime's own profile.
/// </summary>
public sealed class DaViTStandInTests
{
    private const string Answer = "a red car";

    [Fact]
    public void The_base_stand_in_has_florence_2_base_s_DaViT_configuration()
    {
        var davit = TinyModelOptions.BaseWithDaViT.DaViT!;

        // Florence-2-base vision_config: dim_embed, depths, num_heads = num_groups, window_size; patch size/stride/padding.
        Assert.Equal([128, 256, 512, 1024], davit.Widths);
        Assert.Equal([1, 1, 9, 1], davit.Depths);
        Assert.Equal([4, 8, 16, 32], davit.Heads);
        Assert.Equal(12, davit.WindowSize);
        Assert.Equal([(7, 4, 3), (3, 2, 1), (3, 2, 1), (3, 2, 1)], DaViTStandIn.PatchEmbeddings);
        Assert.Equal(0, TinyModelOptions.BaseWithDaViT.VisionLayers);
        Assert.Equal(768, TinyModelOptions.BaseWithDaViT.DModel);
        TinyModelOptions.BaseWithDaViT.Validate();
    }

    [Fact]
    public void A_stand_in_that_cannot_be_built_is_refused_with_the_reason()
    {
        var odd = new TinyModelOptions { DaViT = DaViTStandIn.Miniature with { WindowSize = 7 } };
        Assert.Contains("multiple of the window size 7", Assert.Throws<ArgumentException>(odd.Validate).Message, StringComparison.Ordinal);

        var both = new TinyModelOptions { DaViT = DaViTStandIn.Miniature, VisionLayers = 2 };
        Assert.Contains("VisionLayers", Assert.Throws<ArgumentException>(both.Validate).Message, StringComparison.Ordinal);

        var heads = new TinyModelOptions { DaViT = DaViTStandIn.Miniature with { Heads = [3, 2, 4, 4] } };
        Assert.Contains("Stage 0", Assert.Throws<ArgumentException>(heads.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_miniature_stand_in_turns_a_768_pixel_image_into_577_features_that_depend_on_every_stage()
    {
        var options = new TinyModelOptions { DaViT = DaViTStandIn.Miniature };
        using var folder = new TempModelFolder(options);
        using var sessions = new TinyModelSessions(folder.Path, options);

        var pixels = Pixels(seed: 1);
        var features = sessions.EncodeImage(pixels);
        var changed = pixels with { Data = (float[])pixels.Data.Clone() };
        changed.Data[(700 * 768) + 700] += 5f; // one pixel near the bottom-right corner

        var after = sessions.EncodeImage(changed);

        Assert.Equal([1L, 577, 32], features.Shape);
        Assert.All(features.Data, value => Assert.True(float.IsFinite(value)));
        // Channel attention mixes all tokens, so one pixel reaches every feature, the pooled token first.
        var width = 32;
        Assert.True(Enumerable.Range(0, 577).All(t => features.Data.AsSpan(t * width, width).SequenceEqual(after.Data.AsSpan(t * width, width)) == false));
    }

    [Fact]
    public async Task Images_in_one_batch_give_the_tokens_each_gives_alone_as_the_export_s_dynamic_batch_axis_allows()
    {
        // The real vision encoder takes pixel_values [batch, 3, 768, 768]; batched vision runs (RunBatchAsync, the
        // micro-batcher) rely on it, so the stand-in's window reshapes must carry the batch axis through.
        using var folder = new TempModelFolder(new TinyModelOptions { DaViT = DaViTStandIn.Miniature });
        using var model = Florence2Model.Load(folder.Path);
        var options = new TaskOptions { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = 8 } };
        VisionInput[] images = [TestImages.Input(640, 480, seed: 1), TestImages.Input(300, 500, seed: 7)];
        var alone = images.Select(image => model.Caption(image, options: options).Generation!.GeneratedTokenIds.ToArray()).ToArray();

        var batched = new int[images.Length][];
        await foreach (var item in model.RunBatchAsync(images, Florence2Task.Caption(), new BatchOptions { BatchSize = 2, TaskOptions = options }))
        {
            batched[item.Index] = item.Result!.Generation!.GeneratedTokenIds.ToArray();
        }

        Assert.NotEqual(alone[0], alone[1]);
        Assert.Equal(alone[0], batched[0]);
        Assert.Equal(alone[1], batched[1]);
    }

    [Theory]
    [InlineData(ModelVariant.Fp32)]
    [InlineData(ModelVariant.Fp16)]
    [InlineData(ModelVariant.Quantized)]
    [InlineData(ModelVariant.Int8)]
    [InlineData(ModelVariant.Q4)]
    [InlineData(ModelVariant.Q4F16)]
    public void Every_variant_of_a_DaViT_model_loads_and_answers_its_script(ModelVariant variant)
    {
        using var folder = new TempModelFolder(new TinyModelOptions
        {
            DaViT = DaViTStandIn.Miniature,
            Script = TestModelFolder.ScriptFor(Answer),
            Variants = [Enum.Parse<TinyModelVariant>(variant.ToString())],
        });
        using var model = Florence2Model.Load(folder.Path, new Florence2ModelOptions { Variants = ModelVariants.All(variant) });

        Assert.Equal(Answer, model.Caption(TestImages.Input(640, 480)).Text);
    }

    [Theory]
    [InlineData(true, TinyModelVariant.Fp32)]
    [InlineData(true, TinyModelVariant.Quantized)]
    [InlineData(true, TinyModelVariant.Q4)]
    [InlineData(false, TinyModelVariant.Fp32)]
    public void The_counted_flops_equal_those_of_the_matmuls_and_convs_ONNX_Runtime_runs(bool davit, TinyModelVariant variant)
    {
        var options = davit
            ? new TinyModelOptions { DaViT = DaViTStandIn.Miniature, Variants = [variant] }
            : new TinyModelOptions { VisionLayers = 2, Variants = [variant] };
        using var folder = new TempModelFolder(options);
        var file = folder.File(TinyModelFiles.Variant(TinyModelFiles.VisionEncoder, variant));

        var profiled = ProfiledFlops(file);
        using var session = new InferenceSession(file);
        var recorded = long.Parse(session.ModelMetadata.CustomMetadataMap["matmul_conv_flops_per_image"], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(profiled, recorded);
        Assert.True(recorded > 0);
    }

    // Runs the file once, unoptimized (no fused nodes), with ONNX Runtime's profiler, and sums 2 FLOPs per
    // multiply-add over the node events of matrix products and convolutions, from the shapes the profiler recorded.
    private static long ProfiledFlops(string file)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(file)!, "profile");
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, ProfileOutputPathPrefix = prefix };
        options.EnableProfiling = true;
        string profile;
        using (var session = new InferenceSession(file, options))
        {
            var input = session.InputMetadata["pixel_values"].ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16;
            using var pixels = Pixels(seed: 2).ToOrtValue(input);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["pixel_values"], [pixels], session.OutputNames);
            profile = session.EndProfiling();
        }

        long flops = 0;
        using var json = JsonDocument.Parse(File.ReadAllText(profile));
        foreach (var e in json.RootElement.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() != "Node" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
            {
                continue;
            }
            var args = e.GetProperty("args");
            var op = args.GetProperty("op_name").GetString();
            long[] Shape(string key, int index) => args.GetProperty(key)[index].EnumerateObject().First().Value.EnumerateArray().Select(d => d.GetInt64()).ToArray();
            long Product(long[] shape) => shape.Aggregate(1L, (p, d) => p * d);
            flops += op switch
            {
                "MatMul" or "MatMulInteger" => 2 * Shape("input_type_shape", 0)[^1] * Product(Shape("output_type_shape", 0)),
                "MatMulNBits" => 2 * Shape("input_type_shape", 0)[^1] * Product(Shape("output_type_shape", 0)),
                "Conv" or "ConvInteger" => 2 * Product(Shape("output_type_shape", 0)) * Product(Shape("input_type_shape", 1)[1..]),
                _ => 0,
            };
        }
        return flops;
    }

    private static HostTensor Pixels(int seed)
    {
        var random = new Random(seed);
        return new HostTensor(Enumerable.Range(0, 3 * 768 * 768).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray(), [1, 3, 768, 768]);
    }
}
