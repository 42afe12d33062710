using Florence2.Model;
using Florence2.Runtime;
using Florence2.Tasks;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Runtime;

/// <summary>
/// Provider choice and fallback as they really behave here: the test project references the CPU-only native
/// package (Microsoft.ML.OnnxRuntime), so CUDA and DirectML can be asked for but never loaded.
/// </summary>
public sealed class SessionFactoryTests : IDisposable
{
    private static readonly ModelModule[] AllModules =
        [ModelModule.VisionEncoder, ModelModule.EmbedTokens, ModelModule.Encoder, ModelModule.Decoder];

    private readonly TempModelFolder _folder = new(new TinyModelOptions());

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Cuda_then_cpu_runs_every_module_on_the_cpu_and_still_generates()
    {
        using var model = Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.Cuda(0), ExecutionProviderChoice.Cpu],
            Session = new SessionSettings { IntraOpNumThreads = 1 },
        });

        Assert.Equal(AllModules, model.Info.ExecutionProviders.Keys.Order());
        Assert.All(model.Info.ExecutionProviders.Values, used => Assert.Equal(ExecutionProviderChoice.Cpu, used));
        var result = model.Generate(TestImages.Input(), TaskTokens.Caption, options: new GenerationOptions { NumBeams = 1, MaxNewTokens = 8 });
        Assert.NotEmpty(result.GeneratedTokenIds);
    }

    [Fact]
    public void The_default_options_report_the_cpu()
    {
        using var model = Florence2Model.Load(_folder.Path);

        Assert.Equal(4, model.Info.ExecutionProviders.Count);
        Assert.All(model.Info.ExecutionProviders.Values, used => Assert.Equal(ExecutionProviderChoice.Cpu, used));
    }

    [Fact]
    public void Cuda_alone_without_fallback_names_cuda_and_the_gpu_package()
    {
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.Cuda(0)],
            AllowCpuFallback = false,
        }));

        Assert.Equal(ExecutionProviderChoice.Cuda(0), e.Provider);
        // The property is a package id, usable as is with `dotnet add package`; the message says what else CUDA needs.
        Assert.Equal("Microsoft.ML.OnnxRuntime.Gpu", e.NativePackage);
        Assert.Contains("Cuda:0", e.Message, StringComparison.Ordinal);
        Assert.Contains("Gpu.Linux", e.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA 13", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowCpuFallback", e.Message, StringComparison.Ordinal);

        // What the CPU-only native library does when asked for CUDA: the C entry point is not there.
        var inner = Assert.IsType<EntryPointNotFoundException>(e.InnerException);
        Assert.Contains("OrtSessionOptionsAppendExecutionProvider_CUDA", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectML_alone_without_fallback_names_directml_and_its_package()
    {
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.DirectML(1)],
            AllowCpuFallback = false,
        }));

        Assert.Equal(ExecutionProviderChoice.DirectML(1), e.Provider);
        Assert.Equal("Microsoft.ML.OnnxRuntime.DirectML", e.NativePackage);
        Assert.Contains("Windows", e.Message, StringComparison.Ordinal);
        Assert.Contains("DirectML:1", e.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<EntryPointNotFoundException>(e.InnerException);
        Assert.Contains("OrtSessionOptionsAppendExecutionProvider_DML", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_fallback_the_exception_names_the_first_provider_and_lists_every_attempt()
    {
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.DirectML(0), ExecutionProviderChoice.Cuda(2)],
            AllowCpuFallback = false,
        }));

        Assert.Equal(ExecutionProviderChoice.DirectML(0), e.Provider);
        Assert.Contains("DirectML:0: EntryPointNotFoundException", e.Message, StringComparison.Ordinal);
        Assert.Contains("Cuda:2: EntryPointNotFoundException", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_without_a_listed_cpu_still_runs_on_the_cpu()
    {
        using var model = Florence2Model.Load(_folder.Path, new Florence2ModelOptions { ExecutionProviders = [ExecutionProviderChoice.Cuda(0)] });

        Assert.All(model.Info.ExecutionProviders.Values, used => Assert.Equal(ExecutionProviderChoice.Cpu, used));
    }

    [Fact]
    public void A_module_override_falls_back_to_the_cpu_and_records_why()
    {
        var options = new Florence2ModelOptions
        {
            ModuleExecutionProviders = new Dictionary<ModelModule, IReadOnlyList<ExecutionProviderChoice>>
            {
                [ModelModule.VisionEncoder] = [ExecutionProviderChoice.Cuda(0)],
            },
        };
        var sessions = new SessionFactory(ModelFolder.Open(_folder.Path), options.ToRuntimeSettings());

        using (sessions.Open(ModelModule.VisionEncoder, [new TensorSpec("pixel_values", TensorKind.Floating, [null, 3, null, null])], []))
        {
        }

        var resolution = Assert.Single(sessions.Resolutions);
        Assert.Equal(ModelModule.VisionEncoder, resolution.Module);
        Assert.Equal(ExecutionProviderChoice.Cpu, resolution.Used);
        Assert.True(resolution.FellBackToCpu);
        var skipped = Assert.Single(resolution.Skipped);
        Assert.StartsWith("Cuda:0: EntryPointNotFoundException", skipped, StringComparison.Ordinal);

        using var model = Florence2Model.Load(_folder.Path, options);
        Assert.All(model.Info.ExecutionProviders.Values, used => Assert.Equal(ExecutionProviderChoice.Cpu, used));
    }

    [Fact]
    public void A_module_override_without_fallback_names_that_module()
    {
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            ModuleExecutionProviders = new Dictionary<ModelModule, IReadOnlyList<ExecutionProviderChoice>>
            {
                [ModelModule.Decoder] = [ExecutionProviderChoice.Cuda(0)],
            },
            AllowCpuFallback = false,
        }));

        Assert.Contains("Decoder module", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listed_cpu_is_not_a_fallback()
    {
        var sessions = new SessionFactory(ModelFolder.Open(_folder.Path), new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.Cuda(0), ExecutionProviderChoice.Cpu],
            AllowCpuFallback = false,
        }.ToRuntimeSettings());

        using (sessions.Open(ModelModule.VisionEncoder, [new TensorSpec("pixel_values", TensorKind.Floating, [null, 3, null, null])], []))
        {
        }

        var resolution = Assert.Single(sessions.Resolutions);
        Assert.Equal(ExecutionProviderChoice.Cpu, resolution.Used);
        Assert.False(resolution.FellBackToCpu);
        Assert.Single(resolution.Skipped);
    }

    [Fact]
    public void A_corrupt_file_is_a_load_error_not_a_provider_error()
    {
        var path = _folder.File("onnx/encoder_model.onnx");
        File.WriteAllBytes(path, [0x08, 0x07, 0xFF, 0xFF, 0xFF, 0x12, 0x34]);

        var e = Assert.Throws<ModelLoadException>(() => Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.Cuda(0), ExecutionProviderChoice.Cpu],
        }));

        Assert.Equal(Path.GetFullPath(path), e.FilePath);
        Assert.Contains("encoder_model.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_session_runs_once_per_module_when_a_provider_is_skipped_at_append()
    {
        var calls = 0;
        using var model = Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            ExecutionProviders = [ExecutionProviderChoice.Cuda(0), ExecutionProviderChoice.Cpu],
            ConfigureSession = _ => calls++,
        });

        Assert.Equal(4, calls);
    }
}
