using Florence2.Hosting;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Florence2.Tests.Hosting;

/// <summary>
/// Ready at start (issue 13): with LoadOnStartup the model loads while the host starts, a model that cannot load
/// stops the host with its typed error (or starts it degraded), and the readiness check follows the load.
/// </summary>
public sealed class Florence2StartupServiceTests : IDisposable
{
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a red car") });
    private readonly CapturingLogger _logs = new();

    public void Dispose()
    {
        _folder.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task The_model_is_loaded_when_the_host_has_started_so_the_first_request_costs_no_load()
    {
        using var host = Host(services => services.AddFlorence2(o => o.ModelPath = _folder.Path).LoadOnStartup());
        var loader = host.Services.GetRequiredKeyedService<Florence2ModelLoader>(string.Empty);
        Assert.Null(loader.Completed);

        await host.StartAsync();

        // Loaded during start, before anything resolved it: resolving hands out that model, and loads nothing more.
        Assert.True(loader.Completed is { IsCompletedSuccessfully: true });
        var loadLines = _logs.Messages.Count(m => m.Message.StartsWith("Loaded Florence-2 model (default)", StringComparison.Ordinal));
        Assert.Equal(1, loadLines);
        var model = host.Services.GetRequiredService<IFlorence2Model>();
        Assert.Same(await loader.Completed!, model);
        Assert.Equal("a red car", model.Caption(TestImages.Input(64, 48)).Text);
        Assert.Equal(loadLines, _logs.Messages.Count(m => m.Message.StartsWith("Loaded Florence-2 model", StringComparison.Ordinal)));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_load_line_names_the_key_the_variants_the_providers_and_the_time()
    {
        using var host = Host(services => services.AddKeyedFlorence2("detector", o => o.ModelPath = _folder.Path).LoadOnStartup());
        await host.StartAsync();

        var line = Assert.Single(_logs.Messages, m => m.Message.StartsWith("Loaded Florence-2 model", StringComparison.Ordinal)).Message;
        Assert.Contains("model detector from", line, StringComparison.Ordinal);
        Assert.Contains("variants VisionEncoder=Fp32, EmbedTokens=Fp32, Encoder=Fp32, Decoder=Fp32", line, StringComparison.Ordinal);
        Assert.Contains("providers VisionEncoder=Cpu", line, StringComparison.Ordinal);
        Assert.Matches(@" in \d+\.\d s", line);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_missing_file_stops_the_host_at_start_with_the_typed_error()
    {
        File.Delete(_folder.File(TinyModelFiles.DecoderMerged));
        using var host = Host(services => services.AddFlorence2(o => o.ModelPath = _folder.Path).LoadOnStartup());

        var e = await Assert.ThrowsAsync<ModelFileMissingException>(() => host.StartAsync());
        Assert.EndsWith("decoder_model_merged.onnx", e.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_provider_without_fallback_stops_the_host_at_start()
    {
        using var host = Host(services => services.AddFlorence2(o =>
        {
            o.ModelPath = _folder.Path;
            o.ExecutionProviders = [ExecutionProviderChoice.Cuda(0)];
            o.AllowCpuFallback = false;
        }).LoadOnStartup());

        await Assert.ThrowsAsync<ExecutionProviderUnavailableException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Two_models_that_fail_stop_the_host_with_both_errors()
    {
        using var host = Host(services =>
        {
            services.AddKeyedFlorence2("a", o => o.ModelPath = _folder.Path).LoadOnStartup();
            services.AddKeyedFlorence2("b", o => o.ModelPath = _folder.Path).LoadOnStartup();
            File.Delete(_folder.File("tokenizer.json"));
            File.Delete(_folder.File("vocab.json"));
        });

        var e = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());
        Assert.Equal(2, e.InnerExceptions.Count);
        Assert.All(e.InnerExceptions, inner => Assert.IsType<ModelFileMissingException>(inner));
    }

    [Fact]
    public async Task A_degraded_start_reports_the_reason_in_the_health_check_and_on_resolution()
    {
        File.Delete(_folder.File(TinyModelFiles.VisionEncoder));
        using var host = Host(services =>
        {
            services.AddFlorence2(o => o.ModelPath = _folder.Path).LoadOnStartup(startDegraded: true);
            services.AddHealthChecks().AddFlorence2(tags: ["ready"]);
        });

        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = report.Entries["florence2"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("failed to load", entry.Description, StringComparison.Ordinal);
        Assert.IsType<ModelFileMissingException>(entry.Exception);
        Assert.Throws<ModelFileMissingException>(() => host.Services.GetRequiredService<IFlorence2Model>());
        Assert.Contains(_logs.Messages, m => m.Level == LogLevel.Error && m.Message.Contains("failed to load", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_health_check_goes_from_unhealthy_to_healthy_as_the_model_loads()
    {
        using var host = Host(services =>
        {
            services.AddKeyedFlorence2("captions", o => o.ModelPath = _folder.Path).LoadOnStartup();
            services.AddHealthChecks().AddFlorence2("captions", tags: ["ready"]);
        });
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, before.Entries["florence2:captions"].Status);
        Assert.Contains("not ready: not loaded yet", before.Entries["florence2:captions"].Description, StringComparison.Ordinal);

        await host.StartAsync();
        var after = await health.CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal("VisionEncoder=Cpu, EmbedTokens=Cpu, Encoder=Cpu, Decoder=Cpu", after.Entries["florence2:captions"].Data["providers"]);
        await host.StopAsync();
    }

    [Fact]
    public void A_hub_model_resolved_without_load_on_startup_is_refused_rather_than_downloaded_on_a_blocked_thread()
    {
        var services = new ServiceCollection();
        services.AddFlorence2(o => o.ModelId = Florence2Models.BaseFt);
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IFlorence2Model>());
        Assert.Contains("LoadOnStartup", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_error_is_logged_at_debug_without_a_stack_and_calls_carry_the_key_in_a_scope()
    {
        var scopes = new ScopeRecordingLogger();
        using var host = Host(services =>
        {
            services.AddKeyedFlorence2("detector", o => o.ModelPath = _folder.Path).LoadOnStartup();
            services.AddLogging(b => b.AddProvider(scopes));
        });
        await host.StartAsync();
        var model = host.Services.GetRequiredKeyedService<IFlorence2Model>("detector");

        Assert.Throws<InvalidRegionException>(() => model.DescribeRegion(TestImages.Input(64, 48), new BoundingBox(0, 0, 500, 500)));
        model.Caption(TestImages.Input(64, 48));

        var refused = Assert.Single(_logs.Messages, m => m.Message.Contains("refused its input", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, refused.Level);
        Assert.DoesNotContain(_logs.Messages, m => m.Level >= LogLevel.Warning);
        Assert.Contains("Florence2 model detector", scopes.Scopes);
        await host.StopAsync();
    }

    private IHost Host(Action<IServiceCollection> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs);
        configure(builder.Services);
        return builder.Build();
    }

    /// <summary>Records the text of every logging scope that is opened.</summary>
    private sealed class ScopeRecordingLogger : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Scopes { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            Scopes.Add(state.ToString() ?? string.Empty);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
