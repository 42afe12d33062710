using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>What opening a model's ONNX sessions depends on: the file variants, the providers and the session settings.</summary>
/// <param name="Variants">The file variant of each module.</param>
/// <param name="ExecutionProviders">Providers to try, best first; empty means the CPU alone.</param>
/// <param name="ModuleExecutionProviders">Per-module provider lists that replace <paramref name="ExecutionProviders"/>.</param>
/// <param name="AllowCpuFallback">Whether the CPU is used when no listed provider works.</param>
/// <param name="Session">Threads, optimization level and arena.</param>
/// <param name="ConfigureSession">The caller's last word on each <see cref="SessionOptions"/>.</param>
/// <param name="LoggerFactory">Where ONNX Runtime's own log goes (<see cref="OnnxRuntimeLog"/>); null drops it.</param>
/// <param name="OptimizedModelCacheDirectory">Where optimized graphs are kept between loads (<see cref="OptimizedModelCache"/>); null for none.</param>
/// <param name="SessionLoadParallelism">Sessions created at once; 0 for <see cref="SessionFactory.DefaultLoadParallelism"/>.</param>
internal sealed record RuntimeSettings(
    ModelVariants Variants,
    IReadOnlyList<ExecutionProviderChoice> ExecutionProviders,
    IReadOnlyDictionary<ModelModule, IReadOnlyList<ExecutionProviderChoice>>? ModuleExecutionProviders,
    bool AllowCpuFallback,
    SessionSettings Session,
    Action<SessionOptions>? ConfigureSession,
    ILoggerFactory? LoggerFactory = null,
    string? OptimizedModelCacheDirectory = null,
    int SessionLoadParallelism = 0)
{
    /// <summary>The module's own list when it has one, else the list for all modules; the CPU when that is empty.</summary>
    public IReadOnlyList<ExecutionProviderChoice> ProvidersFor(ModelModule module)
    {
        var list = ModuleExecutionProviders is { } perModule && perModule.TryGetValue(module, out var own) ? own : ExecutionProviders;
        return list is { Count: > 0 } ? list : [ExecutionProviderChoice.Cpu];
    }
}
