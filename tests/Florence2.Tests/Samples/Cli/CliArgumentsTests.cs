using Florence2.Cli;

namespace Florence2.Tests.Samples.Cli;

/// <summary>Option values that need more than a lookup: providers, variants per module, annotation targets.</summary>
public sealed class CliArgumentsTests
{
    private static CliInvocation Parse(params string[] args)
    {
        var commandLine = new CliCommandLine();
        var parsed = commandLine.Parse(args);
        Assert.Empty(parsed.Errors);
        return commandLine.Bind(parsed);
    }

    [Fact]
    public void Providers_are_read_in_order_from_repeats_and_commas()
    {
        var parsed = Parse("detect", "a.png", "--provider", "cuda:1,directml", "--provider", "cpu");

        Assert.Equal([ExecutionProviderChoice.Cuda(1), ExecutionProviderChoice.DirectML(0), ExecutionProviderChoice.Cpu], parsed.ModelOptions.ExecutionProviders);
        Assert.True(parsed.ModelOptions.AllowCpuFallback);
    }

    [Fact]
    public void A_module_variant_overrides_the_variant_of_all_modules()
    {
        var options = Parse("detect", "a.png", "--variant", "fp16", "--decoder-variant", "q4").ModelOptions;

        Assert.Equal([ModelVariant.Fp16, ModelVariant.Fp16, ModelVariant.Fp16, ModelVariant.Q4],
            [options.Variants.VisionEncoder, options.Variants.EmbedTokens, options.Variants.Encoder, options.Variants.Decoder]);
    }

    [Fact]
    public void The_default_model_is_base_ft_from_the_hub()
    {
        Assert.Equal(Florence2Models.Default, Parse("caption", "a.png").Model);
        Assert.Equal(CliCommand.DenseCaption, Parse("regions", "a.png").Command);
    }

    [Fact]
    public void Several_images_are_annotated_into_a_folder_with_distinct_names()
    {
        var targets = AnnotationTargets.For("out", ["x/car.jpg", "y/car.png", "z/bus.jpg"]);

        Assert.Equal([Path.Combine("out", "car.annotated.png"), Path.Combine("out", "car-2.annotated.png"), Path.Combine("out", "bus.annotated.png")], targets);
        Assert.Equal(["one.png"], AnnotationTargets.For("one.png", ["car.jpg"]));
    }
}
