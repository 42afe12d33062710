using Florence2.Hub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Florence2;

/// <summary>
/// Downloads model files from the Hugging Face Hub into the Hub cache (the layout Python's <c>huggingface_hub</c>
/// uses, so both share it): resumable, verified against the Hub's SHA-256, locked across processes, retried with
/// back-off, bounded in time and size, and usable offline. When the Hub cannot be reached (no name, no connection,
/// time-outs, 5xx after the retries) and the cache holds every required file of the revision, the cached snapshot is
/// returned and a warning logged, as <c>huggingface_hub</c> does. Thread-safe: one instance serves concurrent
/// downloads. It does not dispose an <see cref="HttpClient"/> passed in; that client must not follow redirects itself
/// (build it on <see cref="CreateHttpMessageHandler"/>).
/// </summary>
public sealed class HubDownloader : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly HubOptions _options;
    private readonly HubHttp? _http;
    private readonly BlobFetcher? _fetcher;
    private readonly HubRetry _retry;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates a downloader on <paramref name="httpClient"/> (for example one from <c>IHttpClientFactory</c> whose
    /// primary handler is <see cref="CreateHttpMessageHandler"/>). The client is not disposed by this instance.
    /// </summary>
    /// <param name="httpClient">The client for every request; its own <see cref="HttpClient.Timeout"/> still applies on top of <see cref="HubOptions.ReadTimeout"/>.</param>
    /// <param name="options">Endpoint, token, cache, offline mode, retries, time-outs and limits.</param>
    /// <param name="logger">Where retries and a fall-back to the cache are reported; null for none.</param>
    /// <exception cref="ArgumentException"><see cref="HubOptions.Endpoint"/> is not an absolute http(s) address, or a value is out of range.</exception>
    public HubDownloader(HttpClient httpClient, HubOptions options, ILogger? logger)
        : this(httpClient, options, logger, ownsClient: false)
    {
    }

    /// <summary>
    /// Creates a downloader on <paramref name="httpClient"/> without a logger (for example one from <c>IHttpClientFactory</c>
    /// whose primary handler is <see cref="CreateHttpMessageHandler"/>). The client is not disposed by this instance.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="HubOptions.Endpoint"/> is not an absolute http(s) address, or a value is out of range.</exception>
    public HubDownloader(HttpClient httpClient, HubOptions options)
        : this(httpClient, options, logger: null, ownsClient: false)
    {
    }

    /// <summary>
    /// Creates a downloader with its own <see cref="HttpClient"/> (on <see cref="CreateHttpMessageHandler"/>, no time-out
    /// of its own: <see cref="HubOptions.ReadTimeout"/> bounds every wait), disposed with this instance.
    /// </summary>
    /// <param name="options">Endpoint, token, cache, offline mode, retries, time-outs and limits.</param>
    /// <param name="logger">Where retries and a fall-back to the cache are reported; null for none.</param>
    /// <exception cref="ArgumentException"><see cref="HubOptions.Endpoint"/> is not an absolute http(s) address, or a value is out of range.</exception>
    public HubDownloader(HubOptions options, ILogger? logger)
        : this(new HttpClient(CreateHttpMessageHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan }, options, logger, ownsClient: true)
    {
    }

    /// <summary>Creates a downloader with its own <see cref="HttpClient"/>, as <see cref="HubDownloader(HubOptions, ILogger?)"/>, without a logger.</summary>
    /// <exception cref="ArgumentException"><see cref="HubOptions.Endpoint"/> is not an absolute http(s) address, or a value is out of range.</exception>
    public HubDownloader(HubOptions options)
        : this(options, logger: null)
    {
    }

    private HubDownloader(HttpClient httpClient, HubOptions options, ILogger? logger, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _client = httpClient;
        _ownsClient = ownsClient;
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDownloadAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxFileSize, nameof(options));
        if (options.ReadTimeout <= TimeSpan.Zero && options.ReadTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReadTimeout, "HubOptions.ReadTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CacheDirectory, nameof(options));
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _retry = new HubRetry(options, _logger);
        if (!options.Offline)
        {
            if (!Uri.TryCreate(options.Endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"HubOptions.Endpoint '{options.Endpoint}' is not an absolute http(s) address such as '{HubOptions.DefaultEndpoint}'.", nameof(options));
            }

            _http = new HubHttp(httpClient, endpoint, options);
            _fetcher = new BlobFetcher(_http, options, _retry);
        }
    }

    /// <summary>The options this instance uses.</summary>
    public HubOptions Options => _options;

    /// <summary>
    /// A handler suited to the Hub: it leaves redirects to the downloader (which reads the first answer's metadata and
    /// keeps the token off the storage host) and does not decompress (byte ranges must match the stored file).
    /// </summary>
    public static HttpMessageHandler CreateHttpMessageHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// Downloads <paramref name="files"/> of <paramref name="repoId"/> at <paramref name="revision"/> (a branch, a tag or
    /// a 40-hex commit) into the cache and returns the snapshot folder, <c>{cache}/models--{org}--{name}/snapshots/{commit}</c>,
    /// in which each present file opens as <c>Path.Combine(folder, path)</c>. Files already cached are not fetched again;
    /// all files come from the one commit the revision resolves to. Offline, nothing is fetched and the cached snapshot
    /// is returned when every required file is in it. Online, when the Hub cannot be reached (see the class summary),
    /// the cached snapshot of <paramref name="revision"/> is returned the same way, with a warning in the log.
    /// </summary>
    /// <exception cref="HubInvalidNameException">The repository id, the revision or a path is unsafe or malformed, or the server sent such a name.</exception>
    /// <exception cref="HubAuthenticationException">The repository is gated or private and no (valid) token was given.</exception>
    /// <exception cref="HubNotFoundException">The repository, the revision or a required file does not exist.</exception>
    /// <exception cref="HubIntegrityException">A file's content does not match its SHA-256 or its announced size; nothing is kept.</exception>
    /// <exception cref="HubOfflineException">Offline, and the cache lacks the revision or a required file.</exception>
    /// <exception cref="HubException">
    /// The Hub cannot be reached and the cache cannot stand in; retries ran out; a file is larger than
    /// <see cref="HubOptions.MaxFileSize"/> or the free space; or the server does not speak the Hub's protocol (for
    /// example a redirect to an address that is not http(s)).
    /// </exception>
    public async Task<string> DownloadAsync(string repoId, IReadOnlyCollection<HubFile> files, string revision = "main",
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        HubNames.ValidateRepoId(repoId);
        HubNames.ValidateRevision(revision);
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            ArgumentNullException.ThrowIfNull(file, nameof(files));
            HubNames.ValidateRelativePath(file.Path, repoId);
        }

        var cache = new HubCacheLayout(_options.CacheDirectory, repoId);
        if (_http is null || _fetcher is null)
        {
            return Offline(cache, repoId, files, revision, progress);
        }

        try
        {
            return await DownloadOnlineAsync(cache, repoId, files, revision, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException e) when (HubRetry.CouldNotReach(e) && CachedSnapshot(cache, files, revision) is { } folder)
        {
            HubLog.UsingCachedSnapshot(_logger, repoId, revision, folder, e.Message);
            return Offline(cache, repoId, files, revision, progress);
        }
    }

    private async Task<string> DownloadOnlineAsync(HubCacheLayout cache, string repoId, IReadOnlyCollection<HubFile> files, string revision,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        // Once the first answer names the commit, the other files are asked for at that commit, so a push in the
        // middle of a download cannot mix two versions of the model.
        var commit = HubNames.IsCommitHash(revision) ? revision : null;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (commit is not null && HubCacheLayout.IsUsable(cache.PointerPath(commit, file.Path)))
            {
                ReportCached(cache.PointerPath(commit, file.Path), file.Path, progress);
                continue;
            }

            var remote = await _retry.RunAsync(() => _http!.ResolveAsync(repoId, commit ?? revision, file.Path, file.Required, cancellationToken),
                $"Resolving '{file.Path}' of '{repoId}'", repoId, file.Path, cancellationToken).ConfigureAwait(false);
            if (remote is null)
            {
                continue;
            }

            if (commit is null)
            {
                commit = remote.Commit;
                cache.WriteRef(revision, commit);
            }
            else if (remote.Commit != commit)
            {
                throw new HubException($"The Hub resolved '{file.Path}' of '{repoId}' at commit {commit} to commit {remote.Commit}; check HF_ENDPOINT.", repoId, file.Path);
            }

            await EnsureFileAsync(cache, repoId, commit, file.Path, remote, progress, cancellationToken).ConfigureAwait(false);
        }

        return commit is null
            ? throw new HubNotFoundException($"None of the requested files exists in '{repoId}' at '{revision}'.", repoId)
            : cache.SnapshotFolder(commit);
    }

    /// <summary>
    /// The paths of the files of <paramref name="repoId"/> at <paramref name="revision"/>, as the Hub lists them
    /// (<c>siblings</c>); offline, the files of the cached snapshot. The names are returned as the server sent them:
    /// <see cref="DownloadAsync"/> refuses any of them that is unsafe as a path, so an odd name in a listing stops
    /// only the download that asks for it.
    /// </summary>
    /// <exception cref="HubInvalidNameException">The repository id or the revision is unsafe or malformed.</exception>
    /// <exception cref="HubException">The repository or revision cannot be listed; the derived type says why.</exception>
    public async Task<IReadOnlyList<string>> ListFilesAsync(string repoId, string revision = "main", CancellationToken cancellationToken = default)
    {
        HubNames.ValidateRepoId(repoId);
        HubNames.ValidateRevision(revision);
        if (_http is null)
        {
            return ListCached(new HubCacheLayout(_options.CacheDirectory, repoId), repoId, revision);
        }

        var (_, files) = await _retry.RunAsync(() => _http.GetRevisionAsync(repoId, revision, cancellationToken),
            $"Listing '{repoId}'", repoId, null, cancellationToken).ConfigureAwait(false);
        return files;
    }

    /// <summary>
    /// Downloads what a Florence-2 model with <paramref name="variants"/> needs
    /// (<see cref="Florence2Models.Files"/>) and returns the snapshot folder, ready for <c>Florence2Model.Load</c>.
    /// A variant the repository lacks is refused before anything is downloaded. When the Hub cannot be reached and the
    /// cache holds every required file of the revision, the cached snapshot is returned, with a warning in the log.
    /// </summary>
    /// <exception cref="HubVariantNotFoundException">The repository has no file for a chosen variant; the message lists the variants it has.</exception>
    /// <exception cref="HubException">As for <see cref="DownloadAsync"/>.</exception>
    public async Task<string> DownloadModelAsync(string repoId, ModelVariants? variants = null, string revision = "main",
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        variants ??= new ModelVariants();
        if (_http is null)
        {
            // Offline the cached snapshot is all there is; a file it lacks is named by the offline error.
            return await DownloadAsync(repoId, Florence2Models.Files(variants), revision, progress, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<string> listing;
        try
        {
            listing = await ListFilesAsync(repoId, revision, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException e) when (HubRetry.CouldNotReach(e)
            && CachedSnapshot(new HubCacheLayout(_options.CacheDirectory, repoId), Florence2Models.Files(variants), revision) is { } folder)
        {
            HubLog.UsingCachedSnapshot(_logger, repoId, revision, folder, e.Message);
            return Offline(new HubCacheLayout(_options.CacheDirectory, repoId), repoId, Florence2Models.Files(variants), revision, progress);
        }

        var listed = new HashSet<string>(listing, StringComparer.Ordinal);
        foreach (var module in Enum.GetValues<ModelModule>())
        {
            var variant = variants.Of(module);
            var path = Florence2Models.OnnxFile(module, variant);
            if (!listed.Contains(path))
            {
                var present = Enum.GetValues<ModelVariant>().Where(v => listed.Contains(Florence2Models.OnnxFile(module, v))).ToArray();
                throw new HubVariantNotFoundException(
                    $"'{repoId}' has no {variant} variant of the {module} module ('{path}'). " +
                    (present.Length == 0 ? $"It has no variant of {module} at all; is it a Florence-2 repository in the onnx-community layout?"
                        : $"Variants it has: {string.Join(", ", present)}. Choose one of them in Florence2ModelOptions.Variants."),
                    repoId, path, module, variant, present);
            }
        }

        // Optional files the listing lacks are not asked for; required ones always are, so a gap is a clear 404.
        var files = Florence2Models.Files(variants).Where(f => f.Required || listed.Contains(f.Path)).ToArray();
        return await DownloadAsync(repoId, files, revision, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the <see cref="HttpClient"/> when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task EnsureFileAsync(HubCacheLayout cache, string repoId, string commit, string path, RemoteFile remote,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var pointer = cache.PointerPath(commit, path);
        if (HubCacheLayout.IsUsable(pointer))
        {
            ReportCached(pointer, path, progress);
            return;
        }

        var blob = cache.BlobPath(remote.Etag);
        using (await CacheFileLock.AcquireAsync(cache.LockPath(remote.Etag), _options.LockPollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false))
        {
            // Another process may have finished this blob while we waited for the lock.
            if (File.Exists(blob))
            {
                ReportCached(blob, path, progress);
            }
            else
            {
                await _fetcher!.FetchAsync(_http!.ResolveUrl(repoId, commit, path), remote, blob, repoId, path, progress, cancellationToken).ConfigureAwait(false);
            }

            HubCacheLayout.LinkPointer(blob, pointer);
        }
    }

    /// <summary>The cached snapshot of <paramref name="revision"/> when it holds every required file; otherwise null.</summary>
    private static string? CachedSnapshot(HubCacheLayout cache, IReadOnlyCollection<HubFile> files, string revision)
    {
        var commit = HubNames.IsCommitHash(revision) ? revision : cache.TryReadRef(revision);
        return commit is not null && files.All(f => !f.Required || HubCacheLayout.IsUsable(cache.PointerPath(commit, f.Path)))
            ? cache.SnapshotFolder(commit)
            : null;
    }

    private static string Offline(HubCacheLayout cache, string repoId, IReadOnlyCollection<HubFile> files, string revision, IProgress<DownloadProgress>? progress)
    {
        var commit = OfflineCommit(cache, repoId, revision);
        foreach (var file in files)
        {
            var pointer = cache.PointerPath(commit, file.Path);
            if (HubCacheLayout.IsUsable(pointer))
            {
                ReportCached(pointer, file.Path, progress);
            }
            else if (file.Required)
            {
                throw new HubOfflineException(
                    $"Offline mode (HF_HUB_OFFLINE) and '{file.Path}' of '{repoId}' at '{revision}' is not in the cache: '{pointer}' is missing. " +
                    "Download it once with network access (unset HF_HUB_OFFLINE), or copy a cache or model folder that holds it.",
                    repoId, file.Path, pointer);
            }
        }

        return cache.SnapshotFolder(commit);
    }

    private static string OfflineCommit(HubCacheLayout cache, string repoId, string revision)
    {
        var commit = HubNames.IsCommitHash(revision) ? revision : cache.TryReadRef(revision);
        if (commit is null)
        {
            throw new HubOfflineException(
                $"Offline mode (HF_HUB_OFFLINE) and the cache '{cache.Root}' holds no '{revision}' of '{repoId}' ('{cache.RefPath(revision)}' is missing). " +
                "Download the model once with network access (unset HF_HUB_OFFLINE), or copy a Hub cache that holds it.",
                repoId, null, cache.RefPath(revision));
        }

        return commit;
    }

    private static string[] ListCached(HubCacheLayout cache, string repoId, string revision)
    {
        var folder = cache.SnapshotFolder(OfflineCommit(cache, repoId, revision));
        if (!Directory.Exists(folder))
        {
            throw new HubOfflineException($"Offline mode (HF_HUB_OFFLINE) and the snapshot '{folder}' of '{repoId}' is missing from the cache.", repoId, null, folder);
        }

        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(HubCacheLayout.IsUsable)
            .Select(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static void ReportCached(string path, string file, IProgress<DownloadProgress>? progress)
    {
        if (progress is not null)
        {
            var length = new FileInfo(path) is { LinkTarget: not null } link ? ((FileInfo?)link.ResolveLinkTarget(true))?.Length ?? 0 : new FileInfo(path).Length;
            progress.Report(new DownloadProgress(file, length, length));
        }
    }
}
