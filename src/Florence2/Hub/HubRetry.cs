using System.Globalization;

namespace Florence2.Hub;

/// <summary>Retries transient failures with exponential back-off and jitter; everything else fails at once.</summary>
internal static class HubRetry
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="action"/>, retrying transient failures up to <paramref name="maxRetries"/> times. An attempt
    /// for which <paramref name="madeProgress"/> answers true does not count, so a long download that breaks off now and
    /// then still completes. Retries that run out end in a <see cref="HubException"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> action, int maxRetries, TimeSpan baseDelay, TimeProvider time, string what, string repoId, string? file,
        CancellationToken cancellationToken, Func<bool>? madeProgress = null)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failures = madeProgress?.Invoke() == true ? 1 : failures + 1;
                if (failures > maxRetries)
                {
                    if (e is HubException)
                    {
                        throw;
                    }

                    throw new HubException(string.Create(CultureInfo.InvariantCulture,
                        $"{what} failed after {maxRetries + 1} attempts: {e.Message} Check the network connection and HF_ENDPOINT, then try again; a partial download is resumed."),
                        repoId, file, innerException: e);
                }

                await Task.Delay(Delay(baseDelay, failures), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HubException hub => hub.IsTransient,
        TransientTransferException or HttpRequestException or TimeoutException => true,
        // HttpClient.Timeout ends a request with a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static TimeSpan Delay(TimeSpan baseDelay, int failures)
    {
        var delay = baseDelay * Math.Pow(2, failures - 1);
        var capped = delay < MaxDelay ? delay : MaxDelay;
        return capped * (1 + (Random.Shared.NextDouble() * 0.25));
    }
}
