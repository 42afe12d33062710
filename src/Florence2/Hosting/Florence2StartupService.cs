using System.Diagnostics;
using Florence2.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Florence2.Hosting;

/// <summary>
/// Downloads and loads every registration marked <c>LoadOnStartup</c> when the host starts, all at once, before the
/// host reports started (and before a web host takes requests). A model that fails stops the host with its typed
/// error (several failures: an <see cref="AggregateException"/>), unless its registration asked to start degraded.
/// </summary>
internal sealed class Florence2StartupService(IEnumerable<Florence2StartupLoad> loads, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger<Florence2Model>() ?? (ILogger)NullLogger.Instance;
        var pending = loads.DistinctBy(l => l.Name).Select(load => (load, task: services.GetRequiredKeyedService<Florence2ModelLoader>(load.Name).LoadAsync(cancellationToken)))
            .ToList();
        var clock = Stopwatch.StartNew();
        var failures = new List<Exception>();
        foreach (var (load, task) in pending)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.LoadFailed(logger, load.Name, load.StartDegraded, e);
                if (!load.StartDegraded)
                {
                    failures.Add(e);
                }
            }
        }

        if (failures.Count > 0)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException("Several Florence-2 models failed to load.", failures);
        }

        Log.StartupLoaded(logger, pending.Count, clock.Elapsed.TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
