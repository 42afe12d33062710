using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Florence2.Tests.Hosting;

/// <summary>AddFlorence2 and AddKeyedFlorence2 with real (tiny, scripted) model folders.</summary>
public sealed class Florence2ServiceCollectionExtensionsTests
{
    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Florence2:ModelPath"] = AppContext.BaseDirectory,
            ["Florence2:Variants:VisionEncoder"] = "Q4",
            ["Florence2:Variants:Decoder"] = "Fp16",
            ["Florence2:ExecutionProviders:0"] = "Cuda:1",
            ["Florence2:ExecutionProviders:1"] = "Cpu",
            ["Florence2:AllowCpuFallback"] = "false",
            ["Florence2:Session:IntraOpNumThreads"] = "3",
            ["Florence2:Session:GraphOptimization"] = "Extended",
            ["Florence2:Session:EnableMemoryArena"] = "false",
            ["Florence2:ImageDecoding:MaxPixels"] = "4096",
            ["Florence2:ImageDecoding:AllowedFormats"] = "Jpeg",
        }).Build();
        var services = new ServiceCollection();
        services.AddFlorence2(configuration.GetSection("Florence2"));
        using var provider = services.BuildServiceProvider();

        var bound = provider.GetRequiredService<IOptions<Florence2Options>>().Value;

        Assert.Equal(AppContext.BaseDirectory, bound.ModelPath);
        Assert.Equal(ModelVariant.Q4, bound.Variants.VisionEncoder);
        Assert.Equal(ModelVariant.Fp16, bound.Variants.Decoder);
        Assert.Equal([ExecutionProviderChoice.Cuda(1), ExecutionProviderChoice.Cpu], bound.ExecutionProviders);
        Assert.False(bound.AllowCpuFallback);
        Assert.Equal(3, bound.Session.IntraOpNumThreads);
        Assert.Equal(GraphOptimization.Extended, bound.Session.GraphOptimization);
        Assert.False(bound.Session.EnableMemoryArena);
        Assert.Equal(4096, bound.ImageDecoding.MaxPixels);
        Assert.Equal(ImageFormats.Jpeg, bound.ImageDecoding.AllowedFormats);
    }

    [Fact]
    public void A_configured_model_loads_lazily_answers_and_is_one_singleton()
    {
        using var folder = Scripted("a red car");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Florence2:ModelPath"] = folder.Path,
            ["Florence2:Session:IntraOpNumThreads"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddFlorence2(configuration.GetSection("Florence2"));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var model = provider.GetRequiredService<IFlorence2Model>();

        Assert.Same(model, provider.GetRequiredService<Florence2Model>());
        Assert.Same(model, provider.GetRequiredService<IFlorence2Model>());
        Assert.Equal("a red car", model.Caption(TestImages.Input(64, 48)).Text);
    }

    [Fact]
    public void The_model_logs_through_the_host_logging()
    {
        using var folder = Scripted("a red car");
        using var logger = new CapturingLogger();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logger));
        services.AddFlorence2(o => o.ModelPath = folder.Path);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IFlorence2Model>().Caption(TestImages.Input(64, 48));

        Assert.Contains(logger.Messages, m => m.Message.StartsWith("Loaded Florence-2 model", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Message.StartsWith("<CAPTION>:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_loads_only_when_resolved()
    {
        // The folder exists (validation passes) but holds no model: building the provider must not load it.
        using var empty = new TempDirectory();
        var services = new ServiceCollection();
        services.AddFlorence2(o => o.ModelPath = empty.Path);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Throws<ModelFileMissingException>(() => provider.GetRequiredService<IFlorence2Model>());
    }

    [Fact]
    public void The_container_disposes_the_model()
    {
        using var folder = Scripted("a red car");
        var services = new ServiceCollection();
        services.AddFlorence2(o => o.ModelPath = folder.Path);
        IFlorence2Model model;
        using (var provider = services.BuildServiceProvider())
        {
            model = provider.GetRequiredService<IFlorence2Model>();
        }

        Assert.Throws<ObjectDisposedException>(() => model.Caption(TestImages.Input(64, 48)));
    }

    [Fact]
    public void Keyed_models_live_side_by_side_with_their_own_options()
    {
        using var cats = Scripted("a cat");
        using var dogs = Scripted("a dog");
        var services = new ServiceCollection();
        services.AddKeyedFlorence2("cats", o => o.ModelPath = cats.Path);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ModelPath"] = dogs.Path }).Build();
        var dogBuilder = services.AddKeyedFlorence2("dogs", configuration);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var catModel = provider.GetRequiredKeyedService<IFlorence2Model>("cats");
        var dogModel = provider.GetRequiredKeyedService<IFlorence2Model>("dogs");

        Assert.Equal("dogs", dogBuilder.Name);
        Assert.Equal("dogs", dogBuilder.ServiceKey);
        Assert.NotSame(catModel, dogModel);
        Assert.Same(dogModel, provider.GetRequiredKeyedService<Florence2Model>("dogs"));
        Assert.Equal(dogs.Path, provider.GetRequiredService<IOptionsMonitor<Florence2Options>>().Get("dogs").ModelPath);
        Assert.Null(provider.GetService<IFlorence2Model>());
        var image = TestImages.Input(64, 48);
        Assert.Equal("a cat", catModel.Caption(image).Text);
        Assert.Equal("a dog", dogModel.Caption(image).Text);
    }

    [Fact]
    public void Code_only_settings_reach_the_model_options_of_their_registration_only()
    {
        using var folder = Scripted("a red car");
        var services = new ServiceCollection();
        int sessionsConfigured = 0;
        var builder = services.AddKeyedFlorence2("tuned", o => o.ModelPath = "/replaced/below")
            .Configure(o => o.ModelPath = folder.Path)
            .Configure(o => o.ConfigureSession = _ => Interlocked.Increment(ref sessionsConfigured))
            .Configure((o, sp) => o.LocationTokenParser = sp.GetRequiredService<ILocationTokenParser>());
        services.AddSingleton<ILocationTokenParser>(LocationTokenParser.Instance);
        services.AddKeyedFlorence2("plain", o => o.ModelPath = folder.Path);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredKeyedService<IFlorence2Model>("tuned");
        Assert.Equal(4, sessionsConfigured);
        provider.GetRequiredKeyedService<IFlorence2Model>("plain");
        Assert.Equal(4, sessionsConfigured);
        Assert.Equal("tuned", builder.Name);
    }

    [Fact]
    public void A_key_without_text_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddKeyedFlorence2(string.Empty, o => o.ModelPath = "x"));
        Assert.Equal("serviceKey", error.ParamName);
    }

    private static TempModelFolder Scripted(string answer) =>
        new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(answer) });
}
