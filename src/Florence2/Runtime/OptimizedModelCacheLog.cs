using Microsoft.Extensions.Logging;

namespace Florence2.Runtime;

/// <summary>Source-generated log messages of <see cref="OptimizedModelCache"/>.</summary>
internal static partial class OptimizedModelCacheLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "The cached optimized graph {CachedPath} of {ModelPath} could not be used ({Reason}); it is removed and the original file is loaded.")]
    public static partial void Unusable(ILogger logger, string cachedPath, string modelPath, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "The optimized-model cache folder {Directory} cannot be written ({Reason}); loading without it.")]
    public static partial void NotWritable(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Saved the optimized graph of {ModelPath} as {CachedPath}.")]
    public static partial void Saved(ILogger logger, string modelPath, string cachedPath);
}
