using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Florence2.Tests.Hub;

/// <summary>One request as the fake Hub saw it.</summary>
internal sealed record FakeHubRequest(string Host, string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Range => Headers.GetValueOrDefault("range");

    public string? Authorization => Headers.GetValueOrDefault("authorization");
}

/// <summary>What a test makes the server do instead of answering normally.</summary>
/// <param name="Status">Answer with this status and no body (with <paramref name="Location"/> when set).</param>
/// <param name="CutAfterBytes">Send the headers and this many body bytes, then reset the connection.</param>
/// <param name="CorruptBody">Send a body of the right length whose bytes are wrong.</param>
/// <param name="Location">The <c>Location</c> header of a <paramref name="Status"/> answer (a redirect).</param>
/// <param name="IgnoreRange">Answer a range request with 200 and the whole body, as a server without range support does.</param>
/// <param name="ExtraBytes">Append this many bytes to the body (more than the Hub announced).</param>
/// <param name="OmitContentLength">Send no <c>Content-Length</c>; the body ends when the connection closes.</param>
/// <param name="AnnouncedSize">The <c>X-Linked-Size</c> (LFS) or <c>Content-Length</c> a HEAD announces instead of the real size.</param>
/// <param name="StallBeforeHeaders">Read the request, then send nothing until the client gives up.</param>
/// <param name="StallAfterBytes">Send the headers and this many body bytes, then nothing until the client gives up.</param>
internal sealed record FakeHubFault(
    int? Status = null,
    long? CutAfterBytes = null,
    bool CorruptBody = false,
    string? Location = null,
    bool IgnoreRange = false,
    int ExtraBytes = 0,
    bool OmitContentLength = false,
    long? AnnouncedSize = null,
    bool StallBeforeHeaders = false,
    long? StallAfterBytes = null);

/// <summary>
/// A Hugging Face Hub look-alike on 127.0.0.1 over raw TCP (so it can reset connections): <c>/api/models/{repo}/revision/{rev}</c>,
/// <c>/{repo}/resolve/{rev}/{path}</c> with ETag, X-Repo-Commit, X-Linked-Etag and X-Linked-Size, LFS files redirected to a
/// second listener ("storage", another origin) that honours Range. Every request is recorded; <see cref="Fault"/> injects failures.
/// </summary>
internal sealed class FakeHubServer : IAsyncDisposable
{
    private readonly TcpListener _hub = new(IPAddress.Loopback, 0);
    private readonly TcpListener _storage = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _hubLoop;
    private readonly Task _storageLoop;

    public FakeHubServer(params FakeHubRepo[] repos)
    {
        foreach (var repo in repos)
        {
            Repos[repo.Id] = repo;
        }

        _hub.Start();
        _storage.Start();
        _hubLoop = AcceptLoop(_hub, isHub: true);
        _storageLoop = AcceptLoop(_storage, isHub: false);
    }

    public ConcurrentDictionary<string, FakeHubRepo> Repos { get; } = new(StringComparer.Ordinal);

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_hub.LocalEndpoint).Port}";

    public string StorageOrigin => $"http://127.0.0.1:{((IPEndPoint)_storage.LocalEndpoint).Port}";

    public ConcurrentQueue<FakeHubRequest> Requests { get; } = new();

    /// <summary>Connections accepted on either listener, requests or not.</summary>
    public int Connections => _connections;

    private int _connections;

    /// <summary>Decides a fault per request: the request and how many earlier requests had the same method and path.</summary>
    public Func<FakeHubRequest, int, FakeHubFault?>? Fault { get; set; }

    /// <summary>Delay between 64 KiB chunks of a storage body, to keep downloads in flight (concurrency tests).</summary>
    public TimeSpan ChunkDelay { get; set; }

    public IEnumerable<FakeHubRequest> StorageGets => Requests.Where(r => r.Host == "storage" && r.Method == "GET");

    /// <summary>Released each time a connection starts to stall (a fault with a stall), so a test can move a fake clock on.</summary>
    public SemaphoreSlim Stalls { get; } = new(0);

    /// <summary>An address on 127.0.0.1 where nothing listens: connecting to it is refused at once.</summary>
    public static string RefusingEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _hub.Stop();
        _storage.Stop();
        try
        {
            await Task.WhenAll(_hubLoop, _storageLoop);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
        Stalls.Dispose();
    }

    private async Task AcceptLoop(TcpListener listener, bool isHub)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => Serve(client, isHub));
        }
    }

    private async Task Serve(TcpClient client, bool isHub)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var request = await ReadRequest(stream, isHub ? "hub" : "storage");
                if (request is null)
                {
                    return;
                }

                var seen = Requests.Count(r => r.Method == request.Method && r.Path == request.Path && r.Host == request.Host);
                Requests.Enqueue(request);
                var fault = Fault?.Invoke(request, seen);
                if (fault is { StallBeforeHeaders: true })
                {
                    await StallUntilClientLeaves(stream);
                    return;
                }

                if (fault?.Status is { } status)
                {
                    await Write(stream, status, fault.Location is { } location ? new() { ["Location"] = location } : [], null);
                    return;
                }

                var (code, headers, body) = isHub ? Hub(fault?.IgnoreRange == true ? request with { Headers = WithoutRange(request) } : request)
                    : Storage(fault?.IgnoreRange == true ? request with { Headers = WithoutRange(request) } : request);
                if (fault is { CorruptBody: true } && body is not null)
                {
                    body = body.Select(b => (byte)~b).ToArray();
                }

                if (fault?.AnnouncedSize is { } announced && request.Method == "HEAD")
                {
                    headers[headers.ContainsKey("X-Linked-Size") ? "X-Linked-Size" : "Content-Length"] = announced.ToString(CultureInfo.InvariantCulture);
                    await WriteHead(stream, code, headers);
                    return;
                }

                if (fault is { ExtraBytes: > 0 } && body is not null && request.Method == "GET")
                {
                    body = [.. body, .. new byte[fault.ExtraBytes]];
                }

                if (fault is { OmitContentLength: true } && body is not null && request.Method == "GET")
                {
                    // HTTP/1.1 without Content-Length: the body runs until the connection closes.
                    await WriteHead(stream, code, headers);
                    await stream.WriteAsync(body);
                    return;
                }

                if (fault?.StallAfterBytes is { } stallAt && body is not null && request.Method == "GET")
                {
                    headers["Content-Length"] = body.Length.ToString(CultureInfo.InvariantCulture);
                    await WriteHead(stream, code, headers);
                    await stream.WriteAsync(body.AsMemory(0, (int)Math.Min(stallAt, body.Length)));
                    await stream.FlushAsync();
                    await StallUntilClientLeaves(stream);
                    return;
                }

                if (fault?.CutAfterBytes is { } cut && body is not null && request.Method == "GET")
                {
                    headers["Content-Length"] = body.Length.ToString(CultureInfo.InvariantCulture);
                    await WriteHead(stream, code, headers);
                    await stream.WriteAsync(body.AsMemory(0, (int)Math.Min(cut, body.Length)));
                    await stream.FlushAsync();
                    await Task.Delay(100);
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Close();
                    return;
                }

                await Write(stream, code, headers, request.Method == "HEAD" ? null : body, body?.Length);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }

    private static Dictionary<string, string> WithoutRange(FakeHubRequest request) =>
        request.Headers.Where(h => h.Key != "range").ToDictionary(h => h.Key, h => h.Value);

    /// <summary>Holds the connection without sending anything until the client closes it or the server stops.</summary>
    private async Task StallUntilClientLeaves(NetworkStream stream)
    {
        Stalls.Release();
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private (int, Dictionary<string, string>, byte[]?) Hub(FakeHubRequest request)
    {
        var path = request.Path.Split('?')[0];
        var parts = path.TrimStart('/').Split('/');
        if (parts.Length >= 6 && parts[0] == "api" && parts[1] == "models" && parts[4] == "revision" && request.Method == "GET")
        {
            return Revision(request, $"{parts[2]}/{parts[3]}", Uri.UnescapeDataString(parts[5]));
        }

        if (parts.Length >= 5 && parts[2] == "resolve")
        {
            return Resolve(request, $"{parts[0]}/{parts[1]}", Uri.UnescapeDataString(parts[3]), string.Join('/', parts[4..].Select(Uri.UnescapeDataString)));
        }

        return (404, new() { ["X-Error-Code"] = "RepoNotFound" }, null);
    }

    private (int, Dictionary<string, string>, byte[]?) Revision(FakeHubRequest request, string repoId, string revision)
    {
        if (Refuse(request, repoId, revision) is { } refusal)
        {
            return refusal;
        }

        var repo = Repos[repoId];
        var siblings = repo.Files.Keys.Concat(repo.ExtraSiblings).Select(name => new Dictionary<string, string> { ["rfilename"] = name });
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["id"] = repoId, ["sha"] = repo.Commit, ["siblings"] = siblings });
        return (200, new() { ["Content-Type"] = "application/json" }, json);
    }

    private (int, Dictionary<string, string>, byte[]?) Resolve(FakeHubRequest request, string repoId, string revision, string file)
    {
        if (Refuse(request, repoId, revision) is { } refusal)
        {
            return refusal;
        }

        var repo = Repos[repoId];
        if (!repo.Files.TryGetValue(file, out var content))
        {
            return (404, new() { ["X-Error-Code"] = "EntryNotFound", ["X-Repo-Commit"] = repo.Commit }, null);
        }

        if (FakeHubRepo.IsLfs(file))
        {
            var sha = FakeHubRepo.Sha256(content);
            return (302, new()
            {
                ["Location"] = $"{StorageOrigin}/blobs/{sha}",
                ["X-Repo-Commit"] = repo.Commit,
                ["X-Linked-Etag"] = $"\"{sha}\"",
                ["X-Linked-Size"] = content.Length.ToString(CultureInfo.InvariantCulture),
                // The pointer file's id, which a client must not take for the blob's name.
                ["ETag"] = $"W/\"{FakeHubRepo.GitLikeId(Encoding.UTF8.GetBytes(sha))}\"",
            }, []);
        }

        return (200, new() { ["X-Repo-Commit"] = repo.Commit, ["ETag"] = $"\"{FakeHubRepo.GitLikeId(content)}\"" }, content);
    }

    private (int, Dictionary<string, string>, byte[]?)? Refuse(FakeHubRequest request, string repoId, string revision)
    {
        if (!Repos.TryGetValue(repoId, out var repo))
        {
            return (404, new() { ["X-Error-Code"] = "RepoNotFound" }, null);
        }

        if (repo.RequiredToken is { } token && request.Authorization != $"Bearer {token}")
        {
            return (401, new() { ["X-Error-Code"] = "GatedRepo", ["X-Error-Message"] = "Access to this model is restricted." }, null);
        }

        return revision != "main" && revision != repo.Commit ? (404, new() { ["X-Error-Code"] = "RevisionNotFound" }, null) : null;
    }

    private (int, Dictionary<string, string>, byte[]?) Storage(FakeHubRequest request)
    {
        var sha = request.Path.Split('/')[^1];
        var content = Repos.Values.SelectMany(r => r.Files.Values).FirstOrDefault(c => FakeHubRepo.Sha256(c) == sha);
        if (content is null)
        {
            return (404, [], null);
        }

        var headers = new Dictionary<string, string> { ["Accept-Ranges"] = "bytes", ["ETag"] = $"\"{sha}\"" };
        if (request.Range is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            var from = int.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
            headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
            return (206, headers, content[from..]);
        }

        return (200, headers, content);
    }

    private static async Task<FakeHubRequest?> ReadRequest(NetworkStream stream, string host)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 65536)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n");
        var first = lines[0].Split(' ');
        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        return new FakeHubRequest(host, first[0], first[1], headers);
    }

    private async Task Write(NetworkStream stream, int code, Dictionary<string, string> headers, byte[]? body, int? contentLength = null)
    {
        headers["Content-Length"] = (contentLength ?? body?.Length ?? 0).ToString(CultureInfo.InvariantCulture);
        await WriteHead(stream, code, headers);
        if (body is null)
        {
            return;
        }

        for (var offset = 0; offset < body.Length; offset += 65536)
        {
            if (ChunkDelay > TimeSpan.Zero && offset > 0)
            {
                await Task.Delay(ChunkDelay);
            }

            await stream.WriteAsync(body.AsMemory(offset, Math.Min(65536, body.Length - offset)));
        }
    }

    private static async Task WriteHead(NetworkStream stream, int code, Dictionary<string, string> headers)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {code} {(HttpStatusCode)code}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
    }
}
