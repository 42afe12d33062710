using Microsoft.Extensions.Logging;

namespace Florence2.Cli;

/// <summary>
/// A logger factory for the model load that shows what the Hub client reports while it waits (a retry, event 101; a
/// fall-back to the cached snapshot, event 100) as lines on stderr, and nothing else: the model's own log is for hosts.
/// </summary>
internal sealed class HubRetryLog(ConsoleProgress progress) : ILoggerFactory, ILogger
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.EndsWith(nameof(HubDownloader), StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id is 100 or 101)
        {
            progress.Line((logLevel >= LogLevel.Warning ? "warning: " : "hub: ") + formatter(state, exception));
        }
    }
}
