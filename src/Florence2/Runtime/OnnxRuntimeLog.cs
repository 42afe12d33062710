using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// Routes ONNX Runtime's own log into <see cref="ILogger"/> (category <c>Microsoft.ML.OnnxRuntime</c>) instead of the
/// process's stderr, where its default sink writes. The environment is one per process, so the bridge is installed
/// when the library creates it (before the first session); messages go to the last logger factory a model was loaded
/// with, and are dropped while there is none. The message ONNX Runtime writes at error level when a run is cancelled
/// ("Exiting due to terminate flag being set to true") is a cancellation, not an error: it is logged at Debug.
/// </summary>
/// <remarks>
/// When the application created ONNX Runtime's environment itself before loading a model, its logging is the
/// application's and this bridge is not installed. Thread-safe.
/// </remarks>
internal static class OnnxRuntimeLog
{
    public const string Category = "Microsoft.ML.OnnxRuntime";

    private static readonly object Gate = new();

    // Held for the life of the process: native code calls it through a function pointer.
    private static readonly DOrtLoggingFunction Callback = Write;

    private static ILogger? s_logger;
    private static bool s_attempted;

    /// <summary>Whether ONNX Runtime's log comes through this bridge (false when the environment was created elsewhere first).</summary>
    public static bool IsBridged { get; private set; }

    /// <summary>Installs the bridge if the library creates the environment, and sends later messages to <paramref name="loggerFactory"/>'s logger.</summary>
    public static void Attach(ILoggerFactory? loggerFactory)
    {
        if (loggerFactory is not null)
        {
            Volatile.Write(ref s_logger, loggerFactory.CreateLogger(Category));
        }

        lock (Gate)
        {
            if (s_attempted)
            {
                return;
            }

            s_attempted = true;
            if (OrtEnv.IsCreated)
            {
                return;
            }

            var options = new EnvironmentCreationOptions
            {
                logId = "Florence2",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                loggingFunction = Callback,
            };
            OrtEnv.CreateInstanceWithOptions(ref options);
            IsBridged = true;
        }
    }

    /// <summary>The level a native message is logged at.</summary>
    internal static LogLevel LevelOf(OrtLoggingLevel severity, string message) => severity switch
    {
        _ when message.Contains("terminate flag", StringComparison.Ordinal) => LogLevel.Debug,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => LogLevel.Trace,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Information,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    private static void Write(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (Volatile.Read(ref s_logger) is not { } logger)
        {
            return;
        }

        var level = LevelOf(severity, message);
        if (logger.IsEnabled(level))
        {
#pragma warning disable CA1848, CA2254 // one message shape from native code; a LoggerMessage would not add anything here
            logger.Log(level, new EventId(100, "OnnxRuntime"), "{OrtCategory} {OrtCodeLocation}: {OrtMessage}", category, codeLocation, message);
#pragma warning restore CA1848, CA2254
        }
    }
}
