using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Florence2.Hub;

/// <summary>
/// The Hub's HTTP conventions: <c>{endpoint}/{repo}/resolve/{revision}/{path}</c> answered with <c>X-Repo-Commit</c>,
/// <c>ETag</c>/<c>X-Linked-Etag</c> and <c>X-Linked-Size</c> (LFS files redirect to a storage host), and
/// <c>/api/models/{repo}/revision/{revision}</c> for the file list. Redirects are followed here, not by the
/// <see cref="HttpClient"/>, so the metadata of the first answer is seen and the token never leaves the endpoint's origin;
/// only http(s) addresses are followed. Every wait for headers or body bytes is bounded by <see cref="HubOptions.ReadTimeout"/>.
/// Stateless apart from the shared client; thread-safe.
/// </summary>
internal sealed class HubHttp
{
    private const int MaxRedirects = 10;

    // The real Hub lists a repository of 100,000 files in a few MB; a larger answer is not a Hub's.
    private const int MaxListingBytes = 32 << 20;

    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly HubOptions _options;

    public HubHttp(HttpClient client, Uri endpoint, HubOptions options)
    {
        _client = client;
        _endpoint = endpoint;
        _options = options;
    }

    /// <summary>A read time-out for one attempt; the caller disposes it when the attempt ends.</summary>
    public ReadDeadline NewDeadline(CancellationToken cancellationToken) => new(_options.ReadTimeout, _options.TimeProvider, cancellationToken);

    public Uri ResolveUrl(string repoId, string revision, string path) => new(_endpoint,
        $"{repoId}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>
    /// HEAD of a file. Returns null for an optional file the revision lacks. Relative redirects (a renamed repository)
    /// are followed; an absolute one (LFS storage) ends the walk, its headers carry the metadata.
    /// </summary>
    public async Task<RemoteFile?> ResolveAsync(string repoId, string revision, string path, bool required, CancellationToken cancellationToken)
    {
        var url = ResolveUrl(repoId, revision, path);
        using var deadline = NewDeadline(cancellationToken);
        for (var hop = 0; ; hop++)
        {
            using var request = NewRequest(HttpMethod.Head, url);
            using var response = await SendAsync(request, deadline).ConfigureAwait(false);
            if (response.RequestMessage?.RequestUri is { } answered && answered != url)
            {
                throw new HubException(
                    $"The HttpClient followed the redirect of '{url}' itself, which hides the file's commit and hash. Give HubDownloader " +
                    "a client built on HubDownloader.CreateHttpMessageHandler() (or any handler with AllowAutoRedirect = false).", repoId, path);
            }

            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { IsAbsoluteUri: false } relative && hop < MaxRedirects)
            {
                url = new Uri(url, relative);
                continue;
            }

            if (status is >= 400)
            {
                if (!required && response.StatusCode == HttpStatusCode.NotFound && Header(response, "X-Error-Code") is null or "EntryNotFound")
                {
                    return null;
                }

                throw Error(response, repoId, path);
            }

            return Metadata(response, repoId, path);
        }
    }

    /// <summary>
    /// GET of a file's bytes from <paramref name="offset"/> on, following redirects to the storage host. The caller
    /// disposes the response and checks whether the server honoured the range (206) or sent everything (200); it reads
    /// the body under <paramref name="deadline"/> too.
    /// </summary>
    public async Task<HttpResponseMessage> GetContentAsync(Uri url, long offset, string repoId, string path, ReadDeadline deadline)
    {
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = NewRequest(HttpMethod.Get, url);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            // A compressed body cannot be resumed by byte offset (CloudFront ignores Range for gzip).
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            var response = await SendAsync(request, deadline).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                response.Dispose();
                url = new Uri(url, location);
                if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
                {
                    // HttpClient would throw NotSupportedException; a file:// target must never be opened anyway.
                    throw new HubException(
                        $"Downloading '{path}' of '{repoId}' was redirected to '{url.AbsoluteUri}', which is not an http(s) address; refused. " +
                        "HF_ENDPOINT must point at a Hugging Face Hub or a faithful mirror.", repoId, path, (System.Net.HttpStatusCode)status);
                }

                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw Error(response, repoId, path);
                }
            }

            return response;
        }

        throw new HubException($"Downloading '{path}' of '{repoId}' was redirected more than {MaxRedirects} times; check HF_ENDPOINT.", repoId, path);
    }

    /// <summary>The commit and the file list of a revision (<c>/api/models/{repo}/revision/{revision}</c>).</summary>
    /// <remarks>
    /// The names are returned as the server sent them, unchecked: a caller downloads only some of them, and
    /// <see cref="HubNames.ValidateRelativePath"/> checks each one that is downloaded.
    /// </remarks>
    public async Task<(string Commit, IReadOnlyList<string> Files)> GetRevisionAsync(string repoId, string revision, CancellationToken cancellationToken)
    {
        var url = new Uri(_endpoint, $"api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}");
        using var deadline = NewDeadline(cancellationToken);
        using var request = NewRequest(HttpMethod.Get, url);
        using var response = await SendAsync(request, deadline).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, repoId, null);
        }

        var body = await ReadListingAsync(response, deadline, repoId, revision).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new HubException($"The file list of '{repoId}' at '{revision}' is not valid JSON ({e.Message}); check HF_ENDPOINT.", repoId, innerException: e);
        }

        using (document)
        {
            return ReadRevision(document.RootElement, repoId, revision);
        }
    }

    /// <summary>Sends <paramref name="request"/> and waits for the headers, at most <see cref="HubOptions.ReadTimeout"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ReadDeadline deadline)
    {
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Arm()).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.Expired)
        {
            throw deadline.Error($"The server at {request.RequestUri!.GetLeftPart(UriPartial.Authority)}", e);
        }
        finally
        {
            deadline.Disarm();
        }
    }

    /// <summary>The body of a file list, read under the deadline and bounded in size.</summary>
    private static async Task<byte[]> ReadListingAsync(HttpResponseMessage response, ReadDeadline deadline, string repoId, string revision)
    {
        if (response.Content.Headers.ContentLength > MaxListingBytes)
        {
            throw TooLarge(repoId, revision);
        }

        using var body = new MemoryStream();
        var stream = await response.Content.ReadAsStreamAsync(deadline.Arm()).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[1 << 16];
            while (true)
            {
                int read;
                try
                {
                    read = await stream.ReadAsync(buffer, deadline.Arm()).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (deadline.Expired)
                {
                    throw deadline.Error($"The file list of '{repoId}' at '{revision}'", e);
                }
                finally
                {
                    deadline.Disarm();
                }

                if (read == 0)
                {
                    return body.ToArray();
                }

                if (body.Length + read > MaxListingBytes)
                {
                    throw TooLarge(repoId, revision);
                }

                body.Write(buffer, 0, read);
            }
        }
    }

    private static HubException TooLarge(string repoId, string revision) => new(
        $"The file list of '{repoId}' at '{revision}' is larger than {MaxListingBytes >> 20} MiB, which no Hub sends; check HF_ENDPOINT.", repoId);

    private static (string Commit, IReadOnlyList<string> Files) ReadRevision(JsonElement root, string repoId, string revision)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("sha", out var sha) || sha.ValueKind != JsonValueKind.String || !HubNames.IsCommitHash(sha.GetString()!)
            || !root.TryGetProperty("siblings", out var siblings) || siblings.ValueKind != JsonValueKind.Array)
        {
            throw new HubException($"The file list of '{repoId}' at '{revision}' lacks a 40-hex 'sha' or a 'siblings' array; check HF_ENDPOINT.", repoId);
        }

        var files = new List<string>(siblings.GetArrayLength());
        foreach (var sibling in siblings.EnumerateArray())
        {
            if (sibling.ValueKind != JsonValueKind.Object || !sibling.TryGetProperty("rfilename", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw new HubException($"An entry of the file list of '{repoId}' at '{revision}' has no 'rfilename'; check HF_ENDPOINT.", repoId);
            }

            files.Add(name.GetString()!);
        }

        return (sha.GetString()!, files);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        if (_options.Token is not null && Uri.Compare(url, _endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        return request;
    }

    private static RemoteFile Metadata(HttpResponseMessage response, string repoId, string path)
    {
        var commit = Header(response, "X-Repo-Commit");
        if (commit is null || !HubNames.IsCommitHash(commit))
        {
            throw new HubException(
                $"The answer for '{path}' of '{repoId}' has no usable X-Repo-Commit header ('{commit}'); HF_ENDPOINT must point at a Hugging Face Hub or a mirror that sends it.",
                repoId, path, response.StatusCode);
        }

        var rawEtag = Header(response, "X-Linked-Etag") ?? Header(response, "ETag")
            ?? throw new HubException($"The answer for '{path}' of '{repoId}' has no ETag; HF_ENDPOINT must point at a Hugging Face Hub or a faithful mirror.",
                repoId, path, response.StatusCode);
        var sizeText = Header(response, "X-Linked-Size");
        long? size = sizeText is not null && long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var linked)
            ? linked
            : response.Content.Headers.ContentLength;
        return new RemoteFile(commit, HubNames.NormalizeEtag(rawEtag, repoId, path), size);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    /// <summary>The typed error for a failed answer; the Hub's <c>X-Error-Code</c>/<c>X-Error-Message</c> refine it.</summary>
    private static HubException Error(HttpResponseMessage response, string repoId, string? path)
    {
        var status = response.StatusCode;
        var code = (int)status;
        var what = path is null ? $"'{repoId}'" : $"'{path}' of '{repoId}'";
        var serverSays = Header(response, "X-Error-Message") is { Length: > 0 } message ? $" The Hub says: {message}" : "";
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new HubAuthenticationException(
                $"The Hub refused access to {what} ({code}).{serverSays} The repository is gated or private, or does not exist. " +
                "Set HF_TOKEN (or HubOptions.Token) to a token of an account that has accepted the model's licence on its Hugging Face page, and check the repository id.",
                repoId, path, status),
            HttpStatusCode.NotFound => new HubNotFoundException(Header(response, "X-Error-Code") switch
            {
                "RepoNotFound" => $"The repository '{repoId}' does not exist on the Hub (404).{serverSays} Check the id, for example '{Florence2Models.Default}'.",
                "RevisionNotFound" => $"The revision asked for does not exist in '{repoId}' (404).{serverSays} Use a branch, tag or commit the repository has.",
                _ => $"The Hub has no {what} (404).{serverSays} Check the repository id, the revision and the file name.",
            }, repoId, path, status),
            _ => new HubException(
                $"The Hub answered {code} ({response.ReasonPhrase}) for {what}.{serverSays}" +
                (code is 429 or >= 500 ? " This is usually temporary; try again later." : " Check HF_ENDPOINT and the request."),
                repoId, path, status),
        };
    }
}
