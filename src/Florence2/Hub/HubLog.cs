using Microsoft.Extensions.Logging;

namespace Florence2.Hub;

/// <summary>Source-generated log messages of <see cref="HubDownloader"/> (event ids 100 and up). Tokens are never logged.</summary>
internal static partial class HubLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "Could not reach the Hub for {RepoId} at {Revision}: {Reason} Using the cached snapshot {Folder} instead, as huggingface_hub does; set HF_HUB_OFFLINE=1 to skip the attempt.")]
    public static partial void UsingCachedSnapshot(ILogger logger, string repoId, string revision, string folder, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{What}: attempt {Attempt} failed ({Reason}); trying again in {DelaySeconds:0.0} s.")]
    public static partial void Retrying(ILogger logger, string what, int attempt, double delaySeconds, string reason);
}
