using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Florence2.Hub;

/// <summary>
/// Downloads one blob: into <c>blobs/{etag}.incomplete</c>, resumed with <c>Range</c> from whatever an earlier attempt
/// or process left, checked against the SHA-256 the ETag announces (LFS files), then renamed to <c>blobs/{etag}</c>.
/// A blob under its final name is therefore always complete and verified. The caller holds the blob's lock.
/// </summary>
internal sealed class BlobFetcher
{
    private const int BufferSize = 1 << 16;

    private readonly HubHttp _http;
    private readonly HubOptions _options;

    public BlobFetcher(HubHttp http, HubOptions options)
    {
        _http = http;
        _options = options;
    }

    public async Task FetchAsync(Uri url, RemoteFile remote, string blobPath, string repoId, string file, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        var incomplete = blobPath + ".incomplete";
        var received = 0L;
        await HubRetry.RunAsync(
            async () =>
            {
                received = 0;
                await TransferAsync(url, remote, incomplete, repoId, file, progress, bytes => received += bytes, cancellationToken).ConfigureAwait(false);
                return true;
            },
            _options.MaxRetries, _options.RetryBaseDelay, _options.TimeProvider, $"Downloading '{file}' of '{repoId}'", repoId, file, cancellationToken,
            madeProgress: () => received > 0).ConfigureAwait(false);

        if (HubNames.IsSha256(remote.Etag))
        {
            await VerifyAsync(incomplete, remote.Etag, repoId, file, cancellationToken).ConfigureAwait(false);
        }

        File.Move(incomplete, blobPath, overwrite: false);
    }

    private async Task TransferAsync(Uri url, RemoteFile remote, string incomplete, string repoId, string file, IProgress<DownloadProgress>? progress,
        Action<int> onBytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(incomplete, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var existing = stream.Length;
            if (remote.Size is not { } size || existing > size)
            {
                // Without a size a leftover cannot be trusted to be a prefix of this file.
                existing = 0;
                stream.SetLength(0);
            }

            if (existing != remote.Size)
            {
                using var response = await _http.GetContentAsync(url, existing, repoId, file, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From != existing)
                {
                    stream.SetLength(0);
                    throw new TransientTransferException($"The server answered the range request for '{file}' with another range; starting over.");
                }

                if (response.StatusCode != HttpStatusCode.PartialContent)
                {
                    // A 200 to a range request is the whole file.
                    existing = 0;
                    stream.SetLength(0);
                }

                stream.Position = existing;
                progress?.Report(new DownloadProgress(file, existing, remote.Size));
                await CopyAsync(response, stream, existing, remote.Size, file, progress, onBytes, cancellationToken).ConfigureAwait(false);
            }

            if (remote.Size is { } expected && stream.Length != expected)
            {
                throw new TransientTransferException(string.Create(CultureInfo.InvariantCulture,
                    $"The body of '{file}' ended after {stream.Length} of {expected} bytes."));
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    private async Task CopyAsync(HttpResponseMessage response, FileStream target, long done, long? total, string file, IProgress<DownloadProgress>? progress,
        Action<int> onBytes, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var stallTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.TimeProvider);
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stallTimer.Token);
            var buffer = new byte[BufferSize];
            while (true)
            {
                int read;
                stallTimer.CancelAfter(_options.ReadStallTimeout);
                try
                {
                    read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TransientTransferException(string.Create(CultureInfo.InvariantCulture, $"The body of '{file}' stalled for {_options.ReadStallTimeout.TotalSeconds:0} s."), e);
                }
                catch (IOException e)
                {
                    throw new TransientTransferException($"The connection broke while downloading '{file}': {e.Message}", e);
                }
                catch (HttpRequestException e)
                {
                    throw new TransientTransferException($"The connection broke while downloading '{file}': {e.Message}", e);
                }

                if (read == 0)
                {
                    return;
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                done += read;
                onBytes(read);
                progress?.Report(new DownloadProgress(file, done, total));
            }
        }
    }

    private static async Task VerifyAsync(string incomplete, string expected, string repoId, string file, CancellationToken cancellationToken)
    {
        string actual;
        var stream = new FileStream(incomplete, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            actual = Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
        }

        if (actual != expected)
        {
            File.Delete(incomplete);
            throw new HubIntegrityException(
                $"'{file}' of '{repoId}' arrived with SHA-256 {actual}, but the Hub announced {expected}; the download was discarded. " +
                "Try again; if it repeats, a proxy or mirror (HF_ENDPOINT) is altering the file.",
                repoId, file, expected, actual);
        }
    }
}
