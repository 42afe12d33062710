using Microsoft.Extensions.Logging;

namespace Florence2.Telemetry;

/// <summary>Source-generated log messages. Prompts and answers are logged only at Trace; images never.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loaded Florence-2 model from {Directory} (d_model {DModel}, {DecoderLayers} decoder layers).")]
    public static partial void ModelLoaded(ILogger logger, string directory, int dModel, int decoderLayers);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Module} runs on {Used}; passed over: {Skipped}.")]
    public static partial void ProviderSkipped(ILogger logger, ModelModule module, string used, string skipped);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Task}: {Tokens} tokens in {Steps} decoder steps, {ElapsedMs:F1} ms, truncated: {Truncated}.")]
    public static partial void Generated(ILogger logger, string task, int tokens, int steps, double elapsedMs, bool truncated);

    [LoggerMessage(EventId = 3, Level = LogLevel.Trace, Message = "Prompt {Prompt} answered {Answer}.")]
    public static partial void PromptAndAnswer(ILogger logger, string prompt, string answer);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Task} failed with {ErrorType}.")]
    public static partial void Failed(ILogger logger, string task, string errorType, Exception exception);
}
