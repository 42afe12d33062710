using Florence2.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Florence2.Tests.Hosting;

/// <summary>
/// Each bad setting is reported by name, with what is allowed: keys and values of the configuration section, the
/// model's source, and the settings themselves; all of them at once, when the host starts.
/// </summary>
public sealed class Florence2OptionsValidatorTests
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
        var failure = Assert.Single(ConfigurationFailures(("Variants:Decoder", variant)));
        Assert.Contains($"'Variants:Decoder' is '{variant}'", failure, StringComparison.Ordinal);
        Assert.Contains("Fp32, Fp16, Quantized, Int8, Uint8, Q4, Q4F16, Bnb4", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_module_variant_is_named()
    {
        var failures = ConfigurationFailures(("Variants:VisionEncoder", "a"), ("Variants:EmbedTokens", "b"), ("Variants:Encoder", "c"), ("Variants:Decoder", "d"));
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("'Variants:VisionEncoder' is 'a'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Variants:EmbedTokens' is 'b'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Variants:Encoder' is 'c'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Variants:Decoder' is 'd'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Tpu")]
    [InlineData("Cuda:x")]
    [InlineData("Cuda:-1")]
    [InlineData("DirectML:")]
    [InlineData("7")]
    public void An_unparseable_provider_is_named_by_its_index(string provider)
    {
        var failure = Assert.Single(ConfigurationFailures(("ExecutionProviders:0", "Cpu"), ("ExecutionProviders:1", provider)));
        Assert.Contains($"'ExecutionProviders:1' is '{provider}'", failure, StringComparison.Ordinal);
        Assert.Contains("Cuda:N", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DecoderVarient", "Variants:Decoder")]
    [InlineData("DecoderVariant", "Variants:Decoder")]
    [InlineData("IntraOpNumThreads", "Session:IntraOpNumThreads")]
    [InlineData("ModelPth", "ModelPath")]
    [InlineData("Sesion:IntraOpNumThreads", "Session")]
    [InlineData("Session:IntraOpThreads", "Session:IntraOpNumThreads")]
    public void An_unknown_key_is_named_with_the_nearest_valid_key(string key, string nearest)
    {
        var failure = Assert.Single(ConfigurationFailures((key, "4")));
        Assert.Contains($"is not a setting. Did you mean '{nearest}'?", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_far_from_every_setting_lists_the_valid_ones()
    {
        var failure = Assert.Single(ConfigurationFailures(("Colour", "red")));
        Assert.Contains("'Colour' is not a setting. Valid here: AllowCpuFallback,", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_only_settings_and_misshaped_values_are_named()
    {
        var failures = ConfigurationFailures(("ConfigureSession", "x"), ("Variants", "Q4"), ("AllowCpuFallback:Nested", "x"), ("Session:IntraOpNumThreads", "four"));
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("'ConfigureSession' can only be set in code", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Variants' is a section", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'AllowCpuFallback' takes a single value", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'Session:IntraOpNumThreads' is 'four': expected a whole number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, 0, "IntraOpNumThreads is negative")]
    [InlineData(0, -2, "InterOpNumThreads is negative")]
    public void Negative_thread_counts_are_named(int intra, int inter, string expected)
    {
        var failure = Assert.Single(Failures(Valid(o => o.Session = new SessionSettings { IntraOpNumThreads = intra, InterOpNumThreads = inter })));
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_limits_formats_and_optimization_are_named()
    {
        var failures = ConfigurationFailures(("Session:GraphOptimization", "Max"), ("ImageDecoding:AllowedFormats", "Png, Jpg"));
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("'Session:GraphOptimization' is 'Max': use one of None, Basic, Extended, All", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'ImageDecoding:AllowedFormats' is 'Png, Jpg': use names among None, Jpeg, Png, Gif, Webp, Bmp, Tiff, Tga, Pbm", StringComparison.Ordinal));

        Assert.Contains("MaxPixels must be positive", Assert.Single(Failures(Valid(o => o.ImageDecoding.MaxPixels = 0))), StringComparison.Ordinal);
        Assert.Contains("AllocationLimitMegabytes must be positive",
            Assert.Single(Failures(Valid(o => o.ImageDecoding.AllocationLimitMegabytes = -5))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyed_registration_is_named_in_its_failures()
    {
        var result = new Florence2OptionsValidator().Validate("detector", new Florence2Options());
        Assert.StartsWith("Florence2 options 'detector': ModelPath", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_bind_by_name_in_any_case()
    {
        var options = Bound(
            ("Variants:VisionEncoder", "q4"), ("Variants:Decoder", " FP16 "), ("ExecutionProviders:0", "cuda:1"), ("ExecutionProviders:1", "DirectML"),
            ("ExecutionProviders:2", "Cpu"), ("AllowCpuFallback", "false"), ("Session:IntraOpNumThreads", "4"), ("Session:InterOpNumThreads", "2"),
            ("Session:GraphOptimization", "basic"), ("Session:EnableMemoryArena", "false"), ("ImageDecoding:MaxPixels", "1000"),
            ("ImageDecoding:AllocationLimitMegabytes", "16"), ("ImageDecoding:AllowedFormats", "png, Webp"),
            ("ModuleExecutionProviders:Decoder:0", "Cuda"));

        Assert.Equivalent(new ModelVariants { VisionEncoder = ModelVariant.Q4, Decoder = ModelVariant.Fp16 }, options.Variants, strict: true);
        Assert.Equal([ExecutionProviderChoice.Cuda(1), ExecutionProviderChoice.DirectML(0), ExecutionProviderChoice.Cpu], options.ExecutionProviders);
        Assert.Equal([ExecutionProviderChoice.Cuda(0)], options.ModuleExecutionProviders![ModelModule.Decoder]);
        Assert.False(options.AllowCpuFallback);
        Assert.Equivalent(new SessionSettings { IntraOpNumThreads = 4, InterOpNumThreads = 2, GraphOptimization = GraphOptimization.Basic, EnableMemoryArena = false },
            options.Session, strict: true);
        Assert.Equal(ImageFormats.Png | ImageFormats.Webp, options.ImageDecoding.AllowedFormats);
        Assert.Equal(1000, options.ImageDecoding.MaxPixels);
        Assert.Equal(16, options.ImageDecoding.AllocationLimitMegabytes);
    }

    [Fact]
    public void Defaults_are_the_library_defaults()
    {
        var options = Bound();
        Assert.Equivalent(new ModelVariants(), options.Variants, strict: true);
        Assert.Empty(options.ExecutionProviders);
        Assert.Equivalent(new SessionSettings(), options.Session, strict: true);
        Assert.Equivalent(new ImageDecodingOptions(), options.ImageDecoding, strict: true);
    }

    [Fact]
    public void Validation_runs_on_start_and_lists_every_bad_setting()
    {
        var configuration = Configuration(("ModelPath", "/no/such/florence2/folder"), ("Variants:Decoder", "Q5"), ("DecoderVarient", "Q4"));
        var services = new ServiceCollection();
        services.AddFlorence2(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("ModelPath '/no/such/florence2/folder'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'Variants:Decoder' is 'Q5'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'DecoderVarient' is not a setting", StringComparison.Ordinal));
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

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    /// <summary>The failures of a registration bound from these keys (with a valid model folder unless the keys give one).</summary>
    private static List<string> ConfigurationFailures(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddFlorence2(Configuration([("ModelPath", ExistingFolder), .. settings]));
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Florence2Options>>().Value);
        return [.. error.Failures];
    }

    private static Florence2Options Bound(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddFlorence2(Configuration([("ModelPath", ExistingFolder), .. settings]));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<Florence2Options>>().Value;
    }
}
