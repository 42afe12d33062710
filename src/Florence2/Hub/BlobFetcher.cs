using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Florence2.Hub;

/// <summary>
/// Downloads one blob: into <c>blobs/{etag}.incomplete</c>, resumed with <c>Range</c> from whatever an earlier attempt
/// or process left, checked against the size the Hub announced as the bytes arrive and against the SHA-256 the ETag
/// announces (LFS files), then renamed to <c>blobs/{etag}</c>. A blob under its final name is therefore always complete
/// and verified. Every attempt is bounded: by the read time-out while it waits, by the announced size (or
/// <see cref="HubOptions.MaxFileSize"/>) while it receives, and by the retry limits in all. The caller holds the blob's lock.
/// </summary>
internal sealed class BlobFetcher
{
    private const int BufferSize = 1 << 16;

    // Marks an error after which the partial file is deleted rather than kept for resuming.
    private const string Discard = "Florence2.Hub.DiscardPartialFile";

    private readonly HubHttp _http;
    private readonly HubOptions _options;
    private readonly HubRetry _retry;

    public BlobFetcher(HubHttp http, HubOptions options, HubRetry retry)
    {
        _http = http;
        _options = options;
        _retry = retry;
    }

    public async Task FetchAsync(Uri url, RemoteFile remote, string blobPath, string repoId, string file, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(blobPath)!;
        Directory.CreateDirectory(folder);
        var incomplete = blobPath + ".incomplete";
        CheckRoom(remote, incomplete, folder, repoId, file);

        // Progress is the furthest the file has been on disk; an attempt that only gets back there (a server that
        // ignores Range and breaks off at the same place) has not moved the download on.
        var furthest = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
        try
        {
            await _retry.RunAsync(
                async () =>
                {
                    await TransferAsync(url, remote, incomplete, repoId, file, progress, cancellationToken).ConfigureAwait(false);
                    return true;
                },
                $"Downloading '{file}' of '{repoId}'", repoId, file, cancellationToken,
                madeProgress: () =>
                {
                    var length = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
                    var moved = length > furthest;
                    furthest = Math.Max(furthest, length);
                    return moved;
                }).ConfigureAwait(false);

            if (HubNames.IsSha256(remote.Etag))
            {
                await VerifyAsync(incomplete, remote.Etag, repoId, file, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HubException e) when (e is HubIntegrityException || e.Data.Contains(Discard))
        {
            // Bytes that contradict the Hub's own announcement, or that ran past every limit, are not worth resuming from.
            File.Delete(incomplete);
            throw;
        }
        catch (Exception) when (File.Exists(incomplete) && new FileInfo(incomplete).Length == 0)
        {
            // Nothing to resume from; leave no empty file behind.
            File.Delete(incomplete);
            throw;
        }

        File.Move(incomplete, blobPath, overwrite: false);
    }

    /// <summary>Refuses, before any byte is fetched, a file announced larger than the limit or than the cache's free space.</summary>
    private void CheckRoom(RemoteFile remote, string incomplete, string folder, string repoId, string file)
    {
        if (remote.Size is not { } size)
        {
            return;
        }

        if (size > _options.MaxFileSize)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture,
                $"The Hub announces '{file}' of '{repoId}' as {size} bytes, more than HubOptions.MaxFileSize ({_options.MaxFileSize} bytes) allows; " +
                $"nothing was downloaded. Check HF_ENDPOINT, or raise MaxFileSize if the file really is that large."), repoId, file);
        }

        var missing = size - (File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0);
        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return;
        }

        // Some file systems report 0; then the write itself will tell.
        if (free > 0 && missing > free)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture,
                $"'{file}' of '{repoId}' needs {missing} more bytes, but the volume of the cache folder '{folder}' has {free} bytes free; nothing was downloaded. " +
                $"Free some space, or point HF_HUB_CACHE (HubOptions.CacheDirectory) at a larger volume."), repoId, file);
        }
    }

    private async Task TransferAsync(Uri url, RemoteFile remote, string incomplete, string repoId, string file, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
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
                using var deadline = _http.NewDeadline(cancellationToken);
                using var response = await _http.GetContentAsync(url, existing, repoId, file, deadline).ConfigureAwait(false);
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

                CheckAnnouncedLength(response, existing, remote.Size, repoId, file);
                stream.Position = existing;
                progress?.Report(new DownloadProgress(file, existing, remote.Size));
                await CopyAsync(response, stream, existing, remote.Size, deadline, repoId, file, progress, cancellationToken).ConfigureAwait(false);
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

    /// <summary>An answer whose headers already claim a larger file than the Hub announced is refused before its body is read.</summary>
    private static void CheckAnnouncedLength(HttpResponseMessage response, long offset, long? size, string repoId, string file)
    {
        if (size is not { } expected)
        {
            return;
        }

        var claimed = response.Content.Headers.ContentRange?.Length ?? (offset + response.Content.Headers.ContentLength);
        if (claimed > expected)
        {
            throw new HubIntegrityException(string.Create(CultureInfo.InvariantCulture,
                $"The server answered for '{file}' of '{repoId}' with a body of {claimed} bytes, but the Hub announced {expected}; nothing was kept. " +
                $"A proxy or mirror (HF_ENDPOINT) is altering the file."), repoId, file, expected, claimed.Value);
        }
    }

    private async Task CopyAsync(HttpResponseMessage response, FileStream target, long done, long? total, ReadDeadline deadline, string repoId, string file,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var limit = total ?? _options.MaxFileSize;
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var buffer = new byte[BufferSize];
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, deadline.Arm()).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (deadline.Expired)
                {
                    throw new TransientTransferException($"The body of '{file}' stalled: {deadline.Error("The server", e).Message}", e);
                }
                catch (IOException e)
                {
                    throw new TransientTransferException($"The connection broke while downloading '{file}': {e.Message}", e);
                }
                catch (HttpRequestException e)
                {
                    throw new TransientTransferException($"The connection broke while downloading '{file}': {e.Message}", e);
                }
                finally
                {
                    deadline.Disarm();
                }

                if (read == 0)
                {
                    return;
                }

                if (done + read > limit)
                {
                    throw TooLong(done + read, total, repoId, file);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                done += read;
                progress?.Report(new DownloadProgress(file, done, total));
            }
        }
    }

    private HubException TooLong(long received, long? total, string repoId, string file)
    {
        HubException error = total is { } expected
            ? new HubIntegrityException(string.Create(CultureInfo.InvariantCulture,
                $"The server sent more than the {expected} bytes the Hub announced for '{file}' of '{repoId}' ({received} when the download stopped); nothing was kept. " +
                $"A proxy or mirror (HF_ENDPOINT) is altering the file."), repoId, file, expected, received)
            : new HubException(string.Create(CultureInfo.InvariantCulture,
                $"'{file}' of '{repoId}' came without an announced size and ran past HubOptions.MaxFileSize ({_options.MaxFileSize} bytes); the download was stopped. " +
                $"Check HF_ENDPOINT, or raise MaxFileSize if the file really is that large."), repoId, file);
        error.Data[Discard] = true;
        return error;
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
            throw new HubIntegrityException(
                $"'{file}' of '{repoId}' arrived with SHA-256 {actual}, but the Hub announced {expected}; the download was discarded. " +
                "Try again; if it repeats, a proxy or mirror (HF_ENDPOINT) is altering the file.",
                repoId, file, expected, actual);
        }
    }
}
