using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Florence2.Tests.Hub;

/// <summary>
/// Measures, by hand and with the real clock, how long a download against a misbehaving fake Hub takes to give up and
/// how much memory the downloading process peaks at (docs/reliability.md, Hub). Not a test: the test assembly runs it
/// when started as a program with <c>FLORENCE2_HUB_WORST_CASE</c> (see <see cref="StartupHook"/>):
/// <code>
/// dll=tests/Florence2.Tests/bin/Release/net10.0/Florence2.Tests.dll
/// DOTNET_STARTUP_HOOKS=$PWD/$dll FLORENCE2_HUB_WORST_CASE=all dotnet $dll
/// </code>
/// Each scenario serves the fault from this process and downloads in a fresh child process with the library's default
/// <see cref="HubOptions"/>, which reports its own wall time and peak resident memory (VmHWM).
/// </summary>
internal static class HubWorstCase
{
    public const string Variable = "FLORENCE2_HUB_WORST_CASE";
    public const string ChildVariable = "FLORENCE2_HUB_MEASURE";
    private const string RepoId = "worst-org/case";
    private const string Weights = "onnx/model.onnx";

    private static readonly Dictionary<string, Scenario> Scenarios = new(StringComparer.Ordinal)
    {
        ["healthy"] = new("a normal 8 MiB download (baseline)", _ => null),
        ["cut-ignoring-range"] = new("storage ignores Range and resets every answer after 1000 bytes",
            r => r.Host == "storage" ? new FakeHubFault(CutAfterBytes: 1000, IgnoreRange: true) : null),
        ["cut-honouring-range"] = new("storage honours Range and resets every answer after 1000 bytes",
            r => r.Host == "storage" ? new FakeHubFault(CutAfterBytes: 1000) : null),
        ["longer-body"] = new("storage sends 64 MiB more than announced, without Content-Length",
            r => r.Host == "storage" ? new FakeHubFault(ExtraBytes: 64 << 20, OmitContentLength: true) : null),
        ["absurd-size"] = new("the HEAD announces 2^63-1 bytes",
            r => r.Method == "HEAD" ? new FakeHubFault(AnnouncedSize: long.MaxValue) : null),
        ["stall-before-headers"] = new("the Hub accepts every connection and sends nothing",
            _ => new FakeHubFault(StallBeforeHeaders: true)),
        ["stall-mid-body"] = new("storage honours Range, sends 300 KB of each answer, then nothing",
            r => r.Host == "storage" ? new FakeHubFault(StallAfterBytes: 300_000) : null),
        ["refused-with-cache"] = new("nothing listens at HF_ENDPOINT; the cache holds the revision",
            _ => null, Refused: true, Cached: true),
        ["refused-without-cache"] = new("nothing listens at HF_ENDPOINT; empty cache",
            _ => null, Refused: true),
        ["503-with-cache"] = new("the Hub answers 503 to everything; the cache holds the revision",
            _ => new FakeHubFault(Status: 503), Cached: true),
        ["redirect-to-file"] = new("the Hub redirects the file's GET to file:///etc/passwd",
            r => r.Method == "GET" && r.Host == "hub" ? new FakeHubFault(Status: 302, Location: "file:///etc/passwd") : null, File: "config.json"),
    };

    /// <summary>Runs the named scenarios (comma-separated, or <c>all</c>) and prints one line each.</summary>
    public static void Run(string names)
    {
        var chosen = names == "all" ? Scenarios.Keys.ToArray() : names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine("scenario | outcome | wall s | requests | child peak RSS MiB");
        foreach (var name in chosen)
        {
            Console.WriteLine(RunOne(name, Scenarios[name]).GetAwaiter().GetResult());
        }
    }

    private static async Task<string> RunOne(string name, Scenario scenario)
    {
        var repo = new FakeHubRepo(RepoId);
        repo.Files["config.json"] = Encoding.UTF8.GetBytes("{}");
        repo.Files[Weights] = RandomNumberGenerator.GetBytes(8 << 20);
        using var cache = new HubTestCache();
        await using var server = new FakeHubServer(repo);
        if (scenario.Cached)
        {
            using var client = new HttpClient(HubDownloader.CreateHttpMessageHandler());
            await new HubDownloader(client, new HubOptions { Endpoint = server.Endpoint, CacheDirectory = cache.Root }).DownloadAsync(RepoId, [new HubFile(scenario.File)]);
        }

        var before = server.Requests.Count;
        server.Fault = (request, _) => scenario.Fault(request);
        var endpoint = scenario.Refused ? FakeHubServer.RefusingEndpoint() : server.Endpoint;
        var child = StartupHook.StartChild(ChildVariable, $"{endpoint}|{cache.Root}|{RepoId}|{scenario.File}");
        var output = await child.StandardOutput.ReadToEndAsync();
        var errors = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return $"{name} ({scenario.What}) | {output.Trim()}{(errors.Length > 0 ? " stderr: " + errors.Trim() : "")} | requests {server.Requests.Count - before}";
    }

    /// <summary>The child's side: one download with default options; prints outcome, wall time and VmHWM.</summary>
    public static void Measure(string spec)
    {
        var parts = spec.Split('|');
        var options = new HubOptions { Endpoint = parts[0], CacheDirectory = parts[1] };
        using var hub = new HubDownloader(options);
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            var folder = hub.DownloadAsync(parts[2], [new HubFile(parts[3])]).GetAwaiter().GetResult();
            outcome = "returned " + Path.GetFileName(folder)[..8];
        }
        catch (Exception e)
        {
            outcome = $"{e.GetType().Name}: {Shorten(e.Message)}";
        }

        var peak = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0
            : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome} | {clock.Elapsed.TotalSeconds:0.0} s | peak RSS {peak:0} MiB"));
    }

    private static string Shorten(string message) => message.Length > 160 ? message[..160] + "…" : message;

    private sealed record Scenario(string What, Func<FakeHubRequest, FakeHubFault?> Fault, bool Refused = false, bool Cached = false, string File = Weights);
}
