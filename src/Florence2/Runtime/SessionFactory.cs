using Florence2.Model;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// Opens the sessions of one model folder with the variants, session settings and execution providers the caller
/// chose, and records which provider each module ended up on. Not thread-safe: one model load uses it at a time.
/// </summary>
internal sealed class SessionFactory
{
    private readonly ModelFolder _folder;
    private readonly RuntimeSettings _options;
    private readonly List<ProviderResolution> _resolutions = [];

    /// <exception cref="ArgumentException">A provider list, device id or session setting in <paramref name="options"/> is invalid.</exception>
    public SessionFactory(ModelFolder folder, RuntimeSettings options)
    {
        SessionOptionsValidation.Validate(options);
        _folder = folder;
        _options = options;
    }

    /// <summary>One entry per module opened so far, in opening order.</summary>
    public IReadOnlyList<ProviderResolution> Resolutions => _resolutions;

    /// <summary>The provider each opened module runs on; a snapshot the model keeps.</summary>
    public IReadOnlyDictionary<ModelModule, ExecutionProviderChoice> UsedProviders()
    {
        var used = new Dictionary<ModelModule, ExecutionProviderChoice>();
        foreach (var resolution in _resolutions)
        {
            used[resolution.Module] = resolution.Used;
        }

        return used;
    }

    /// <summary>
    /// Tries the module's providers in order and opens the session with the first that works. A provider counts as
    /// unavailable when appending it fails or when creating the session with it fails for a reason other than the
    /// file itself. <c>OrtEnv.GetAvailableProviders()</c> alone is not trusted: the GPU package lists CUDA even where
    /// CUDA cannot load. CPU failures are never caught here: the CPU is always present, so they are file errors.
    /// </summary>
    /// <exception cref="ExecutionProviderUnavailableException">No listed provider works and CPU fallback is off.</exception>
    /// <exception cref="ModelLoadException">The file cannot be loaded or its tensors do not fit, whatever the provider.</exception>
    public OnnxModelSession Open(ModelModule module, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        var path = _folder.OnnxPath(module, _options.Variants.Of(module));
        var choices = _options.ProvidersFor(module);
        var skipped = new List<string>();
        Exception? firstFailure = null;
        foreach (var choice in choices)
        {
            try
            {
                return Record(module, choice, skipped, fellBack: false, OpenWith(path, choice, inputs, outputs));
            }
            catch (Exception e) when (choice.Kind != ExecutionProviderKind.Cpu && ExecutionProviderSelector.IsUnavailable(e))
            {
                firstFailure ??= e;
                skipped.Add($"{choice}: {e.GetType().Name}: {e.Message}");
            }
        }

        if (!_options.AllowCpuFallback)
        {
            throw Unavailable(module, choices[0], skipped, firstFailure);
        }

        return Record(module, ExecutionProviderChoice.Cpu, skipped, fellBack: true, OpenWith(path, ExecutionProviderChoice.Cpu, inputs, outputs));
    }

    /// <summary>A fresh <see cref="SessionOptions"/> per attempt, so a half-appended provider never leaks into the next one.</summary>
    private OnnxModelSession OpenWith(string path, ExecutionProviderChoice choice, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        using var sessionOptions = NewSessionOptions(_options.Session, _options.LoggerFactory);
        ExecutionProviderSelector.Append(sessionOptions, choice);
        _options.ConfigureSession?.Invoke(sessionOptions);
        return OnnxModelSession.Open(path, sessionOptions, inputs, outputs);
    }

    /// <summary>
    /// The first call into ONNX Runtime's native library happens here; without a native package in the application
    /// it fails with a type-initialization error, which becomes an exception that says which package to add.
    /// </summary>
    private static SessionOptions NewSessionOptions(SessionSettings settings, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
    {
        try
        {
            OnnxRuntimeLog.Attach(loggerFactory);
            return CreateSessionOptions(settings);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException)
        {
            throw new ExecutionProviderUnavailableException(ExecutionProviderChoice.Cpu, "Microsoft.ML.OnnxRuntime",
                "ONNX Runtime's native library could not be loaded. This library references only Microsoft.ML.OnnxRuntime.Managed; "
                + "the application must add a native package: Microsoft.ML.OnnxRuntime (CPU), Microsoft.ML.OnnxRuntime.Gpu (CUDA) "
                + "or Microsoft.ML.OnnxRuntime.DirectML (DirectML).", e);
        }
    }

    internal static SessionOptions CreateSessionOptions(SessionSettings settings) => new()
    {
        IntraOpNumThreads = settings.IntraOpNumThreads == 0 ? SessionSettings.DefaultIntraOpNumThreads : settings.IntraOpNumThreads,
        InterOpNumThreads = settings.InterOpNumThreads,
        GraphOptimizationLevel = settings.GraphOptimization switch
        {
            GraphOptimization.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
            GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
            GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
        },
        EnableCpuMemArena = settings.EnableMemoryArena,
    };

    private OnnxModelSession Record(ModelModule module, ExecutionProviderChoice used, List<string> skipped, bool fellBack, OnnxModelSession session)
    {
        _resolutions.Add(new ProviderResolution(module, used, skipped, fellBack));
        return session;
    }

    private static ExecutionProviderUnavailableException Unavailable(ModelModule module, ExecutionProviderChoice preferred, List<string> skipped, Exception? inner)
    {
        var package = ExecutionProviderSelector.NativePackage(preferred.Kind);
        var message =
            $"No execution provider listed for the {module} module can run in this process (tried: {string.Join("; ", skipped)}). " +
            $"{preferred} needs the native package {ExecutionProviderSelector.NativePackageAdvice(preferred.Kind)}. Add that package, or set Florence2ModelOptions.AllowCpuFallback " +
            "to true (or list ExecutionProviderChoice.Cpu last) to run on the CPU instead.";
        return new ExecutionProviderUnavailableException(preferred, package, message, inner);
    }
}
