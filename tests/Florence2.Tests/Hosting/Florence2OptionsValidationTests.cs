using Florence2.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Florence2.Tests.Hosting;

/// <summary>Each bad setting is reported by name, with what is allowed; good settings map onto Florence2ModelOptions.</summary>
public sealed class Florence2OptionsValidationTests
{
    private static readonly string ExistingFolder = AppContext.BaseDirectory;

    [Fact]
    public void Missing_model_path_is_named()
    {
        var failure = Assert.Single(Failures(new Florence2Options()));
        Assert.Contains("ModelPath is missing", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_folder_that_does_not_exist_is_named()
    {
        var failure = Assert.Single(Failures(new Florence2Options { ModelPath = "/no/such/florence2/folder" }));
        Assert.Contains("ModelPath '/no/such/florence2/folder' is not an existing folder", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_id_and_a_path_together_are_refused()
    {
        var failure = Assert.Single(Failures(new Florence2Options { ModelPath = ExistingFolder, ModelId = "onnx-community/Florence-2-base-ft" }));
        Assert.Contains("give one", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-repo-id", "main")]
    [InlineData("org/../name", "main")]
    [InlineData("onnx-community/Florence-2-base-ft", "../main")]
    public void A_malformed_model_id_or_revision_is_named(string id, string revision)
    {
        var failure = Assert.Single(Failures(new Florence2Options { ModelId = id, Revision = revision }));
        Assert.Contains("ModelId/Revision", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Q5")]
    [InlineData("3")]
    [InlineData("Fp16,Q4")]
    [InlineData("")]
    public void An_unknown_variant_is_named_with_the_variants_allowed(string variant)
    {
        var failure = Assert.Single(Failures(Valid(o => o.Variant = variant)));
        Assert.Contains($"Variant '{variant}' is not a model variant", failure, StringComparison.Ordinal);
        Assert.Contains("Fp32, Fp16, Quantized, Int8, Uint8, Q4, Q4F16, Bnb4", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_module_variant_is_named()
    {
        var failures = Failures(Valid(o =>
        {
            o.VisionEncoderVariant = "a";
            o.EmbedTokensVariant = "b";
            o.EncoderVariant = "c";
            o.DecoderVariant = "d";
        }));
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("VisionEncoderVariant 'a'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("EmbedTokensVariant 'b'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains(": EncoderVariant 'c'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DecoderVariant 'd'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Tpu")]
    [InlineData("Cuda:x")]
    [InlineData("Cuda:-1")]
    [InlineData("DirectML:")]
    [InlineData("")]
    public void An_unparseable_provider_is_named_by_its_index(string provider)
    {
        var failure = Assert.Single(Failures(Valid(o =>
        {
            o.ExecutionProviders.Add("Cpu");
            o.ExecutionProviders.Add(provider);
        })));
        Assert.Contains($"ExecutionProviders[1] '{provider}' is not an execution provider", failure, StringComparison.Ordinal);
        Assert.Contains("Cuda:N", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_thread_counts_are_named()
    {
        var failures = Failures(Valid(o =>
        {
            o.IntraOpNumThreads = -1;
            o.InterOpNumThreads = -2;
        }));
        Assert.Contains(failures, f => f.Contains("IntraOpNumThreads must be 0 (the default) or a positive thread count, but is -1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("InterOpNumThreads", StringComparison.Ordinal) && f.Contains("-2", StringComparison.Ordinal));
    }

    [Fact]
    public void Image_limits_and_formats_and_optimization_are_named()
    {
        var failures = Failures(Valid(o =>
        {
            o.GraphOptimization = "Max";
            o.MaxImagePixels = 0;
            o.ImageAllocationLimitMegabytes = -5;
            o.AllowedImageFormats.Add("Png");
            o.AllowedImageFormats.Add("Jpg");
        }));
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("GraphOptimization 'Max' is not an optimization level; use one of None, Basic, Extended, All", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MaxImagePixels must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ImageAllocationLimitMegabytes must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("AllowedImageFormats[1] 'Jpg' is not an image format; use one of Jpeg, Png, Gif, Webp, Bmp, Tiff, Tga, Pbm", StringComparison.Ordinal));
    }

    [Fact]
    public void A_keyed_registration_is_named_in_its_failures()
    {
        var failures = new List<string>();
        Assert.Null(Florence2OptionsConverter.Convert(new Florence2Options(), "detector", failures));
        Assert.StartsWith("Florence2 options 'detector': ModelPath", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_map_to_the_library_defaults()
    {
        var options = Convert(Valid(_ => { }));
        var defaults = new Florence2ModelOptions();
        Assert.Equal(defaults, options with { ExecutionProviders = defaults.ExecutionProviders });
        Assert.Equal([ExecutionProviderChoice.Cpu], options.ExecutionProviders);
    }

    [Fact]
    public void Settings_map_onto_model_options_names_in_any_case()
    {
        var options = Convert(Valid(o =>
        {
            o.Variant = "q4";
            o.DecoderVariant = " FP16 ";
            o.ExecutionProviders.Add("cuda:1");
            o.ExecutionProviders.Add("DirectML");
            o.ExecutionProviders.Add("Cpu");
            o.AllowCpuFallback = false;
            o.IntraOpNumThreads = 4;
            o.InterOpNumThreads = 2;
            o.GraphOptimization = "basic";
            o.EnableMemoryArena = false;
            o.MaxImagePixels = 1000;
            o.ImageAllocationLimitMegabytes = 16;
            o.AllowedImageFormats.Add("png");
            o.AllowedImageFormats.Add("Webp");
        }));

        Assert.Equal(ModelVariant.Q4, options.VisionEncoderVariant);
        Assert.Equal(ModelVariant.Q4, options.EmbedTokensVariant);
        Assert.Equal(ModelVariant.Q4, options.EncoderVariant);
        Assert.Equal(ModelVariant.Fp16, options.DecoderVariant);
        Assert.Equal([ExecutionProviderChoice.Cuda(1), ExecutionProviderChoice.DirectML(0), ExecutionProviderChoice.Cpu], options.ExecutionProviders);
        Assert.False(options.AllowCpuFallback);
        Assert.Equal(new SessionSettings { IntraOpNumThreads = 4, InterOpNumThreads = 2, GraphOptimization = GraphOptimization.Basic, EnableMemoryArena = false }, options.Session);
        Assert.Equal(ImageFormats.Png | ImageFormats.Webp, options.ImageDecoding.AllowedFormats);
        Assert.Equal(1000, options.ImageDecoding.MaxPixels);
        Assert.Equal(16, options.ImageDecoding.AllocationLimitMegabytes);
    }

    [Fact]
    public void Validation_runs_on_start_and_lists_every_bad_setting()
    {
        var services = new ServiceCollection();
        services.AddFlorence2(o =>
        {
            o.ModelPath = "/no/such/florence2/folder";
            o.Variant = "Q5";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.Contains("ModelPath", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Variant 'Q5'", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IFlorence2Model>());
    }

    private static Florence2Options Valid(Action<Florence2Options> change)
    {
        var options = new Florence2Options { ModelPath = ExistingFolder };
        change(options);
        return options;
    }

    private static List<string> Failures(Florence2Options options)
    {
        var result = new Florence2OptionsValidator().Validate(Options.DefaultName, options);
        Assert.True(result.Failed);
        return [.. result.Failures!];
    }

    private static Florence2ModelOptions Convert(Florence2Options options)
    {
        Assert.True(new Florence2OptionsValidator().Validate(Options.DefaultName, options).Succeeded);
        var failures = new List<string>();
        return Florence2OptionsConverter.Convert(options, Options.DefaultName, failures)!;
    }
}
