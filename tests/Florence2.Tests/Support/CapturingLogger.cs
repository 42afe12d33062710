using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Florence2.Tests.Support;

/// <summary>Captures formatted log messages with their level, as a logger factory and as a provider for AddLogging.</summary>
public sealed class CapturingLogger : ILoggerFactory, ILoggerProvider, ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue((logLevel, formatter(state, exception)));

    public void Dispose()
    {
    }
}
