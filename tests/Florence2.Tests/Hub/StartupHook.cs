using System.Diagnostics;
using Florence2;

/// <summary>
/// Lets the test assembly act as a second process for the cross-process tests: started with <c>dotnet Florence2.Tests.dll</c>
/// and <c>DOTNET_STARTUP_HOOKS</c> naming this assembly, the runtime calls <see cref="Initialize"/> before the (empty,
/// generated) Main; with <c>FLORENCE2_HUB_CHILD</c> set it downloads a model and exits with 0 on success. It also
/// starts the hand-run worst-case measurements of <see cref="Florence2.Tests.Hub.HubWorstCase"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks up startup hooks by this global name.")]
internal static class StartupHook
{
    public const string Variable = "FLORENCE2_HUB_CHILD";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(Florence2.Tests.Hub.HubWorstCase.Variable) is { } scenarios)
        {
            Florence2.Tests.Hub.HubWorstCase.Run(scenarios);
            Environment.Exit(0);
        }

        if (Environment.GetEnvironmentVariable(Florence2.Tests.Hub.HubWorstCase.ChildVariable) is { } measure)
        {
            Florence2.Tests.Hub.HubWorstCase.Measure(measure);
            Environment.Exit(0);
        }

        if (Environment.GetEnvironmentVariable(Variable) is not { } spec)
        {
            return;
        }

        var parts = spec.Split('|');
        try
        {
            var options = new HubOptions
            {
                Endpoint = parts[0],
                CacheDirectory = parts[1],
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
                LockPollInterval = TimeSpan.FromMilliseconds(20),
            };
            using var hub = new HubDownloader(options);
            var folder = hub.DownloadModelAsync(parts[2]).GetAwaiter().GetResult();
            Console.WriteLine(folder);
            Environment.Exit(0);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Environment.Exit(1);
        }
    }

    /// <summary>Starts the child process downloading <paramref name="repoId"/> from <paramref name="endpoint"/> into <paramref name="cache"/>.</summary>
    public static Process Start(string endpoint, string cache, string repoId) => StartChild(Variable, $"{endpoint}|{cache}|{repoId}");

    /// <summary>Starts this assembly as a child process with <paramref name="variable"/> set to <paramref name="value"/>.</summary>
    public static Process StartChild(string variable, string value)
    {
        var assembly = typeof(StartupHook).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[variable] = value;
        start.Environment.Remove(Florence2.Tests.Hub.HubWorstCase.Variable);
        return Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
    }
}
