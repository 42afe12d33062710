using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Florence2.Hub;

/// <summary>
/// Retries transient failures with exponential back-off and jitter on <see cref="HubOptions.TimeProvider"/>; a host
/// that cannot be reached at all (no name, connection refused) and everything else fail at once. Stateless apart from
/// its settings; thread-safe.
/// </summary>
internal sealed class HubRetry
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly HubOptions _options;
    private readonly ILogger _logger;

    public HubRetry(HubOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="action"/>, retrying transient failures. Without <paramref name="madeProgress"/> (a request)
    /// it makes at most <see cref="HubOptions.MaxRetries"/> + 1 attempts. With it (a download, which asks it after each
    /// failed attempt whether the file got further than ever before), failures without progress are bounded by
    /// <see cref="HubOptions.MaxRetries"/> and all attempts together by <see cref="HubOptions.MaxDownloadAttempts"/>,
    /// whatever progress they made. Giving up ends in a <see cref="HubException"/> whose inner exception is the last failure.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> action, string what, string repoId, string? file, CancellationToken cancellationToken,
        Func<bool>? madeProgress = null)
    {
        var attempts = 0;
        var failuresWithoutProgress = 0;
        while (true)
        {
            attempts++;
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failuresWithoutProgress = madeProgress?.Invoke() == true ? 0 : failuresWithoutProgress + 1;
                if (failuresWithoutProgress > _options.MaxRetries)
                {
                    if (e is HubException)
                    {
                        throw;
                    }

                    throw new HubException(string.Create(CultureInfo.InvariantCulture,
                        $"{what} failed after {attempts} attempts: {e.Message} Check the network connection and HF_ENDPOINT, then try again; a partial download is resumed."),
                        repoId, file, innerException: e);
                }

                if (madeProgress is not null && attempts >= _options.MaxDownloadAttempts)
                {
                    throw new HubException(string.Create(CultureInfo.InvariantCulture,
                        $"{what} gave up after {attempts} attempts (HubOptions.MaxDownloadAttempts), each of which broke off: {e.Message} " +
                        $"The connection or the server keeps failing; try again later, or from another network. A partial download is resumed."),
                        repoId, file, innerException: e);
                }

                var delay = Delay(_options.RetryBaseDelay, Math.Max(1, failuresWithoutProgress));
                HubLog.Retrying(_logger, what, attempts, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Not worth a retry: the name does not resolve, nothing listens, or TLS or the proxy refused.
                throw new HubException(
                    $"{what} failed: {e.Message} The Hub at {_options.Endpoint} cannot be reached. Check the network connection, HF_ENDPOINT " +
                    "and any proxy; set HF_HUB_OFFLINE=1 to use the cache without trying.",
                    repoId, file, innerException: e);
            }
        }
    }

    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HubException hub => hub.IsTransient,
        HttpRequestException http => IsTransient(http),
        TransientTransferException or TimeoutException => true,
        // HttpClient.Timeout ends a request with a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// Whether a download failed because the Hub could not be reached or kept failing (no name, no connection,
    /// time-outs, 5xx or 429 after the retries), so that a cached snapshot may stand in, as in <c>huggingface_hub</c>.
    /// A TLS or proxy failure and any definite answer (401, 404, ...) are not such a failure.
    /// </summary>
    public static bool CouldNotReach(HubException exception) => exception.IsTransient || exception.InnerException switch
    {
        HttpRequestException http => http.HttpRequestError is not (HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError),
        TimeoutException => true,
        OperationCanceledException => true,
        _ => false,
    };

    private static bool IsTransient(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
            or HttpRequestError.UserAuthenticationError or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError => false,
        _ => exception.InnerException is not SocketException
        {
            SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                or SocketError.NetworkDown or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable,
        },
    };

    private static TimeSpan Delay(TimeSpan baseDelay, int failures)
    {
        var delay = baseDelay * Math.Pow(2, failures - 1);
        var capped = delay < MaxDelay ? delay : MaxDelay;
        return capped * (1 + (Random.Shared.NextDouble() * 0.25));
    }
}
