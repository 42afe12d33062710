using Florence2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// Opens the sessions of one model folder with the variants, session settings and execution providers the caller
/// chose, and records which provider each module ended up on. <see cref="OpenAll"/> creates several sessions at
/// once; <see cref="Open"/> then hands each out. Through <see cref="OptimizedModelCache"/> a session can come from a
/// graph ONNX Runtime optimized at an earlier load. Not thread-safe: one model load uses it at a time.
/// </summary>
internal sealed class SessionFactory : IDisposable
{
    private readonly ModelFolder _folder;
    private readonly RuntimeSettings _options;
    private readonly List<ProviderResolution> _resolutions = [];
    private readonly Dictionary<ModelModule, (OnnxModelSession Session, ProviderResolution Resolution)> _opened = [];
    private readonly OptimizedModelCache? _cache;
    private readonly ILogger _logger;

    /// <exception cref="ArgumentException">A provider list, device id or session setting in <paramref name="options"/> is invalid.</exception>
    public SessionFactory(ModelFolder folder, RuntimeSettings options)
    {
        SessionOptionsValidation.Validate(options);
        _folder = folder;
        _options = options;
        _cache = options.OptimizedModelCacheDirectory is { } directory ? new OptimizedModelCache(directory) : null;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<OptimizedModelCache>() ?? NullLogger.Instance;
    }

    /// <summary>How many sessions <see cref="OpenAll"/> creates at once when the settings say 0: one per core, at most 4 (the module count).</summary>
    public static int DefaultLoadParallelism => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Creates the sessions of <paramref name="requests"/>, up to <see cref="RuntimeSettings.SessionLoadParallelism"/>
    /// at once, and keeps them for <see cref="Open"/>. Creating a session is mostly single-threaded work (parsing,
    /// graph passes, weight prepacking), so on several cores the modules load side by side. When one fails, the
    /// others are still awaited, every session made is disposed, and the failure of the first module in request
    /// order is thrown: the same error a one-by-one load would give.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; checked before each session.</exception>
    public void OpenAll(IReadOnlyList<SessionRequest> requests, CancellationToken cancellationToken)
    {
        var sessions = new OnnxModelSession?[requests.Count];
        var resolutions = new ProviderResolution?[requests.Count];
        var failures = new Exception?[requests.Count];
        var parallelism = _options.SessionLoadParallelism == 0 ? DefaultLoadParallelism : _options.SessionLoadParallelism;
        void OpenOne(int i)
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                (sessions[i], resolutions[i]) = OpenResolved(requests[i].Module, requests[i].Inputs, requests[i].Outputs);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        }

        if (parallelism <= 1 || requests.Count <= 1)
        {
            for (var i = 0; i < requests.Count && failures.All(f => f is null); i++)
            {
                OpenOne(i);
            }
        }
        else
        {
            Parallel.For(0, requests.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, OpenOne);
        }

        if (Array.FindIndex(failures, f => f is not null) is var failed and >= 0)
        {
            foreach (var session in sessions)
            {
                session?.Dispose();
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[failed]!);
        }

        for (var i = 0; i < requests.Count; i++)
        {
            _opened[requests[i].Module] = (sessions[i]!, resolutions[i]!);
        }

        // The parsed files are freed now; give that memory back before the first run allocates its activations.
        if (NativeHeap.TrimAfterLoad)
        {
            NativeHeap.Trim();
        }
    }

    /// <summary>Disposes the sessions <see cref="OpenAll"/> made that were never handed out (a load that failed half-way).</summary>
    public void Dispose()
    {
        foreach (var (session, _) in _opened.Values)
        {
            session.Dispose();
        }

        _opened.Clear();
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
        // A session made by OpenAll is handed out once; the caller owns it from here.
        if (_opened.Remove(module, out var made))
        {
            _resolutions.Add(made.Resolution);
            return made.Session;
        }

        var (session, resolution) = OpenResolved(module, inputs, outputs);
        _resolutions.Add(resolution);
        return session;
    }

    private (OnnxModelSession Session, ProviderResolution Resolution) OpenResolved(ModelModule module, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        var path = _folder.OnnxPath(module, _options.Variants.Of(module));
        var choices = _options.ProvidersFor(module);
        var skipped = new List<string>();
        Exception? firstFailure = null;
        foreach (var choice in choices)
        {
            try
            {
                return (OpenWith(path, choice, inputs, outputs), new ProviderResolution(module, choice, skipped, FellBackToCpu: false));
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

        return (OpenWith(path, ExecutionProviderChoice.Cpu, inputs, outputs), new ProviderResolution(module, ExecutionProviderChoice.Cpu, skipped, FellBackToCpu: true));
    }

    /// <summary>A fresh <see cref="SessionOptions"/> per attempt, so a half-appended provider never leaks into the next one.</summary>
    private OnnxModelSession OpenWith(string path, ExecutionProviderChoice choice, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        // The caller's ConfigureSession can change what the optimized graph holds, and a delegate cannot be part of a
        // cache key; without optimizations there is nothing to keep.
        var level = _options.Session.GraphOptimization;
        if (_cache is null || level == GraphOptimization.None || _options.ConfigureSession is not null)
        {
            using var sessionOptions = NewSessionOptions(_options.Session, _options.LoggerFactory);
            ExecutionProviderSelector.Append(sessionOptions, choice);
            _options.ConfigureSession?.Invoke(sessionOptions);
            return OnnxModelSession.Open(path, sessionOptions, inputs, outputs);
        }

        var entry = _cache.For(path, choice, level);
        if (entry.IsPresent())
        {
            try
            {
                // The graph is optimized already: running the passes again would only cost the time the cache saves.
                using var cachedOptions = NewSessionOptions(_options.Session, _options.LoggerFactory);
                cachedOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
                ExecutionProviderSelector.Append(cachedOptions, choice);
                return OnnxModelSession.Open(entry.Path, cachedOptions, inputs, outputs, sourcePath: path);
            }
            catch (Exception e) when (e is ModelLoadException or ModelSignatureException)
            {
                OptimizedModelCacheLog.Unusable(_logger, entry.Path, path, e.Message);
                entry.Remove();
            }
        }

        using var savingOptions = NewSessionOptions(_options.Session, _options.LoggerFactory);
        ExecutionProviderSelector.Append(savingOptions, choice);
        try
        {
            entry.EnsureFolder();
            savingOptions.OptimizedModelFilePath = entry.TemporaryPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            OptimizedModelCacheLog.NotWritable(_logger, _cache.Directory, e.Message);
        }

        try
        {
            var session = OnnxModelSession.Open(path, savingOptions, inputs, outputs);
            if (savingOptions.OptimizedModelFilePath.Length > 0 && File.Exists(entry.TemporaryPath))
            {
                try
                {
                    entry.Commit();
                    OptimizedModelCacheLog.Saved(_logger, path, entry.Path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    OptimizedModelCacheLog.NotWritable(_logger, _cache.Directory, e.Message);
                }
            }

            return session;
        }
        finally
        {
            entry.Abandon();
        }
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
        EnableMemoryPattern = settings.EnableMemoryPattern,
    };

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
