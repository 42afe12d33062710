using System.Globalization;
using System.Text;

namespace Florence2;

/// <summary>
/// Where and how <see cref="HubDownloader"/> fetches models: the Hub endpoint, the token, the cache folder (the
/// layout Python's <c>huggingface_hub</c> uses, so both share one cache), offline mode, retries, time-outs and size
/// limits. <see cref="FromEnvironment()"/> reads the same environment variables as <c>huggingface_hub</c>.
/// Immutable; safe to share.
/// </summary>
public sealed record HubOptions
{
    /// <summary>The public Hugging Face Hub.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Base address of the Hub or a mirror (<c>HF_ENDPOINT</c>), without a trailing slash.</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>
    /// Access token (<c>HF_TOKEN</c>) sent as <c>Authorization: Bearer</c> to <see cref="Endpoint"/> only, never to
    /// the storage host a file redirects to. Needed for gated and private repositories. Never printed by <see cref="ToString"/>.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>The Hub cache folder (<c>HF_HUB_CACHE</c>; default <c>~/.cache/huggingface/hub</c>).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Use the cache only and never open a connection (<c>HF_HUB_OFFLINE=1</c>). A file the cache lacks is a
    /// <see cref="HubOfflineException"/>.
    /// </summary>
    public bool Offline { get; init; }

    /// <summary>
    /// How many times a request is tried again after a transient failure (5xx, 429, time-out, reset connection),
    /// with exponential back-off (1 s, 2 s, 4 s, ... up to 30 s, plus up to 25 % jitter). A download attempt that
    /// moved the file further than any attempt before it does not count here (it is bounded by
    /// <see cref="MaxDownloadAttempts"/>). A refused connection or a failed name lookup is not retried. 0 disables
    /// retries. Default 4.
    /// </summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>
    /// The most attempts one file's download gets in all, however far each attempt got before it broke off, so a
    /// server that cuts every answer after a few bytes cannot keep a download going for ever. Default 20.
    /// </summary>
    public int MaxDownloadAttempts { get; init; } = 20;

    /// <summary>
    /// How long a request may wait for the answer's headers, and a body for its next bytes, before the attempt counts
    /// as failed (a stalled connection). Default 10 s, as <c>huggingface_hub</c>; <c>HF_HUB_DOWNLOAD_TIMEOUT</c>
    /// (seconds) sets it. Measured on <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest file a download accepts. A file announced larger, a body that runs past it when no size was
    /// announced, or a file larger than the free space of the cache's volume is refused before (or as soon as) it
    /// would be written. Default 64 GiB, above the Hub's own limit of 50 GB per file.
    /// </summary>
    public long MaxFileSize { get; init; } = 64L << 30;

    /// <summary>
    /// The clock for retry delays, time-outs and lock polling; <see cref="TimeProvider.System"/> by default. Tests pass
    /// a fake clock so that back-off and time-outs need no real waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>First back-off delay; each retry doubles it. Short in tests.</summary>
    internal TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a download waiting for another process's lock on the same file looks again.</summary>
    internal TimeSpan LockPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Options from the environment, as <c>huggingface_hub</c> reads them: <c>HF_ENDPOINT</c>; <c>HF_TOKEN</c>, else
    /// the token file <c>hf auth login</c> writes (<c>HF_TOKEN_PATH</c>, default <c>$HF_HOME/token</c>);
    /// <c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c> (<c>XDG_CACHE_HOME</c> honoured);
    /// <c>HF_HUB_OFFLINE</c> (<c>1</c>, <c>true</c>, <c>yes</c>, <c>on</c>); <c>HF_HUB_DOWNLOAD_TIMEOUT</c> (seconds, for
    /// <see cref="ReadTimeout"/>; a value that is not a positive number is ignored).
    /// </summary>
    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads the options through <paramref name="variable"/>, so tests need not touch the process environment.</summary>
    internal static HubOptions FromEnvironment(Func<string, string?> variable)
    {
        var home = HfHome(variable);
        var tokenPath = ExpandHome(Read(variable, "HF_TOKEN_PATH") ?? Path.Combine(home, "token"));
        return new HubOptions
        {
            Endpoint = Read(variable, "HF_ENDPOINT")?.TrimEnd('/') ?? DefaultEndpoint,
            Token = Read(variable, "HF_TOKEN") ?? Read(variable, "HUGGING_FACE_HUB_TOKEN") ?? ReadTokenFile(tokenPath),
            CacheDirectory = DefaultCacheDirectory(variable),
            Offline = IsTrue(Read(variable, "HF_HUB_OFFLINE")),
            ReadTimeout = Seconds(Read(variable, "HF_HUB_DOWNLOAD_TIMEOUT")) ?? TimeSpan.FromSeconds(10),
        };
    }

    private static TimeSpan? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static string DefaultCacheDirectory(Func<string, string?> variable) =>
        ExpandHome(Read(variable, "HF_HUB_CACHE") ?? Read(variable, "HUGGINGFACE_HUB_CACHE") ?? Path.Combine(HfHome(variable), "hub"));

    private static string HfHome(Func<string, string?> variable) =>
        ExpandHome(Read(variable, "HF_HOME")
            ?? Path.Combine(Read(variable, "XDG_CACHE_HOME") ?? Path.Combine(UserHome(), ".cache"), "huggingface"));

    private static string UserHome() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    // Python expands "~" in these variables; a .NET path API would take it literally.
    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)
            ? UserHome() + path[1..]
            : path;

    private static string? Read(Func<string, string?> variable, string name) =>
        variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsTrue(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)
            || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase));

    private static string? ReadTokenFile(string path)
    {
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Keeps the token out of logs that print the options.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint)
            .Append(", Token = ").Append(Token is null ? "null" : "***")
            .Append(", CacheDirectory = ").Append(CacheDirectory)
            .Append(", Offline = ").Append(Offline)
            .Append(", MaxRetries = ").Append(MaxRetries)
            .Append(", MaxDownloadAttempts = ").Append(MaxDownloadAttempts)
            .Append(", ReadTimeout = ").Append(ReadTimeout)
            .Append(", MaxFileSize = ").Append(MaxFileSize);
        return true;
    }
}
