using Microsoft.Extensions.Logging;

namespace Florence2.Telemetry;

/// <summary>Source-generated log messages. Prompts and answers are logged only at Trace; images never.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Loaded Florence-2 model {Key} from {Directory} in {LoadSeconds:F1} s: variants {Variants}, providers {Providers}, d_model {DModel}, {DecoderLayers} decoder layers.")]
    public static partial void ModelLoaded(ILogger logger, string key, string directory, double loadSeconds, string variants, string providers, int dModel, int decoderLayers);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "Florence-2 model {Key}: downloading {ModelId}, {File} {BytesDone} of {BytesTotal} bytes ({Percent:F0} %), {ElapsedSeconds:F1} s.")]
    public static partial void Downloading(ILogger logger, string key, string modelId, string file, long bytesDone, long bytesTotal, double percent, double elapsedSeconds);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Florence-2 model {Key} failed to load (the host starts anyway: {StartDegraded}).")]
    public static partial void LoadFailed(ILogger logger, string key, bool startDegraded, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Loaded {Count} Florence-2 model(s) at start in {Seconds:F1} s.")]
    public static partial void StartupLoaded(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Module} runs on {Used}; passed over: {Skipped}.")]
    public static partial void ProviderSkipped(ILogger logger, ModelModule module, string used, string skipped);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Task}: {Tokens} tokens in {Steps} decoder steps, {ElapsedMs:F1} ms, truncated: {Truncated}.")]
    public static partial void Generated(ILogger logger, string task, int tokens, int steps, double elapsedMs, bool truncated);

    [LoggerMessage(EventId = 3, Level = LogLevel.Trace, Message = "Prompt {Prompt} answered {Answer}.")]
    public static partial void PromptAndAnswer(ILogger logger, string prompt, string answer);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Task} failed with {ErrorType}.")]
    public static partial void Failed(ILogger logger, string task, string errorType, Exception exception);

    /// <summary>The caller's input was refused: the caller's business (a 400 in a service), so Debug and no stack trace.</summary>
    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "{Task} refused its input: {ErrorType}: {Reason}")]
    public static partial void Refused(ILogger logger, string task, string errorType, string reason);

    private static readonly Func<ILogger, string, IDisposable?> CallScopeFormat = LoggerMessage.DefineScope<string>("Florence2 model {Florence2Model}");

    /// <summary>A scope naming the registration the call runs on, so that two models' calls can be told apart.</summary>
    public static IDisposable? CallScope(ILogger logger, string key) => CallScopeFormat(logger, key);
}
