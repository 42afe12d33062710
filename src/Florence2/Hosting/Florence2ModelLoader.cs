using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using Florence2.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Florence2.Hosting;

/// <summary>
/// Loads the model of one registration, once: asynchronously when the host starts (<c>LoadOnStartup</c>, a Hub model
/// downloaded without blocking a thread), or synchronously when a folder model is first resolved. Remembers the
/// outcome for resolution and for the readiness health check. Thread-safe.
/// </summary>
internal sealed class Florence2ModelLoader(IServiceProvider services, string name) : IDisposable, IAsyncDisposable
{
    private readonly object _gate = new();
    private Task<Florence2Model>? _loading;
    private volatile string _stage = "not loaded yet";

    /// <summary>The registration's name: empty for the unkeyed model, the service key's text for a keyed one.</summary>
    public string Name { get; } = name;

    /// <summary>What the model is doing now, for the health check: "not loaded yet", "downloading …", "loading", "loaded".</summary>
    public string Stage => _stage;

    /// <summary>The finished load; null while the model is not loaded (or still loading).</summary>
    public Task<Florence2Model>? Completed => _loading is { IsCompleted: true } done ? done : null;

    /// <summary>Starts the load if nobody has, and returns it; every caller gets the same task.</summary>
    public Task<Florence2Model> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _loading ??= LoadCoreAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The model for the DI container. A load that ran (at start) gives its model or throws its error; a folder model
    /// nobody loaded yet is loaded now, synchronously (plain synchronous code, no download). A Hub model is downloaded
    /// only when the host starts: resolving it first would block a thread on the download, so that is refused.
    /// </summary>
    /// <exception cref="InvalidOperationException">A Hub model without <c>LoadOnStartup</c>, or a model still loading.</exception>
    public Florence2Model Resolve()
    {
        Task<Florence2Model> load;
        lock (_gate)
        {
            if (_loading is null)
            {
                var options = Options();
                if (!string.IsNullOrWhiteSpace(options.ModelId))
                {
                    throw new InvalidOperationException(
                        $"The Florence-2 registration{Describe()} names the Hub model '{options.ModelId}', which is downloaded when the host starts. "
                        + "Add .LoadOnStartup() to the registration (services.AddFlorence2(...).LoadOnStartup()) and resolve the model after the host has "
                        + "started, or download it first (Florence2Model.LoadAsync) and register the instance.");
                }

                _loading = Task.FromResult(LoadFolder(options.ModelPath!, options, CancellationToken.None));
            }

            load = _loading;
        }

        if (!load.IsCompleted)
        {
            throw new InvalidOperationException(
                $"The Florence-2 model{Describe()} is still loading ({_stage}); resolve it after the host has started.");
        }

        if (load.Exception is { } failed)
        {
            ExceptionDispatchInfo.Throw(failed.InnerExceptions.Count == 1 ? failed.InnerExceptions[0] : failed);
        }

        return load.Result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Completed is { IsCompletedSuccessfully: true } loaded)
        {
            loaded.Result.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Completed is { IsCompletedSuccessfully: true } loaded)
        {
            await loaded.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<Florence2Model> LoadCoreAsync(CancellationToken cancellationToken)
    {
        // Yield first: the caller holds the lock.
        await Task.Yield();
        var options = Options();
        var folder = options.ModelPath!;
        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            var setup = services.GetRequiredService<IOptionsMonitor<HubClientSetup>>().Get(Name);
            var hub = setup.Hub?.Invoke(services) ?? HubOptions.FromEnvironment();
            var hubLogger = services.GetService<ILoggerFactory>()?.CreateLogger<HubDownloader>();
            using var downloader = setup.HubHttpClient is { } client ? new HubDownloader(client(services), hub, hubLogger) : new HubDownloader(hub, hubLogger);
            _stage = $"downloading {options.ModelId}";
            var progress = new DownloadLog(Logger(), Name, options.ModelId, stage => _stage = stage);
            using var span = Instruments.Source.StartActivity(Florence2Telemetry.DownloadActivity);
            span?.SetTag(Florence2Telemetry.RequestModelAttribute, options.ModelId);
            folder = await downloader.DownloadModelAsync(options.ModelId, options.Variants, options.Revision ?? "main", progress, cancellationToken)
                .ConfigureAwait(false);
        }

        return await Task.Run(() => LoadFolder(folder, options, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private Florence2Model LoadFolder(string folder, Florence2Options options, CancellationToken cancellationToken)
    {
        _stage = "loading";
        var context = new Florence2LoadContext
        {
            HostLoggerFactory = services.GetService<ILoggerFactory>(),
            Key = Name,
            ModelId = string.IsNullOrWhiteSpace(options.ModelId) ? null : options.ModelId,
            MeterFactory = services.GetService<IMeterFactory>(),
        };
        var model = Florence2Model.Load(folder, options, context, cancellationToken);
        _stage = "loaded";
        return model;
    }

    // Get validates (IValidateOptions) and throws OptionsValidationException naming every bad setting.
    private Florence2Options Options() => services.GetRequiredService<IOptionsMonitor<Florence2Options>>().Get(Name);

    private ILogger Logger() => (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<Florence2Model>() ?? NullLogger.Instance;

    private string Describe() => Name.Length == 0 ? string.Empty : $" '{Name}'";

    /// <summary>Logs a download's progress: each file when it starts and ends, and every tenth of a large file.</summary>
    private sealed class DownloadLog(ILogger logger, string key, string modelId, Action<string> stage) : IProgress<DownloadProgress>
    {
        private readonly Dictionary<string, int> _reported = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(DownloadProgress value)
        {
            var tenth = value.BytesTotal is > 0 and var total ? (int)(10 * value.BytesDone / total) : 0;
            lock (_reported)
            {
                if (_reported.TryGetValue(value.File, out var last) && last >= tenth)
                {
                    return;
                }

                _reported[value.File] = tenth;
            }

            var percent = value.BytesTotal is > 0 ? 100.0 * value.BytesDone / value.BytesTotal.Value : 0;
            stage($"downloading {modelId}: {value.File} {percent:F0} %");
            Log.Downloading(logger, key, modelId, value.File, value.BytesDone, value.BytesTotal ?? -1, percent, _clock.Elapsed.TotalSeconds);
        }
    }
}
