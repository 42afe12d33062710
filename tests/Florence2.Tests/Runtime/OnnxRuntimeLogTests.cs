using System.Diagnostics;
using System.Net.Sockets;
using Florence2.Runtime;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Tests.Runtime;

/// <summary>
/// ONNX Runtime's own log goes through ILogger, never to the process's stderr (issue 13): checked in child processes of
/// the CLI and of the web sample, cancelled mid-run again and again, since native output cannot be seen from inside
/// the test process.
/// </summary>
public sealed class OnnxRuntimeLogTests : IDisposable
{
    private const int Runs = 20;

    // A scripted answer of about 1,000 tokens: each run is long enough to be cancelled inside ONNX Runtime.
    private readonly TempModelFolder _folder = new(new TinyModelOptions
    {
        Script = TestModelFolder.ScriptFor(string.Join(' ', Enumerable.Repeat("a red car", 330))),
    });

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "Exiting due to terminate flag being set to true.", LogLevel.Debug)]
    [InlineData(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "Non-zero status code returned while running MatMul node.", LogLevel.Error)]
    [InlineData(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "Some nodes were not assigned to the preferred execution providers.", LogLevel.Warning)]
    [InlineData(OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO, "Session created.", LogLevel.Information)]
    [InlineData(OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE, "Node placements.", LogLevel.Trace)]
    [InlineData(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "Out of memory.", LogLevel.Critical)]
    public void Native_severities_map_to_log_levels_and_a_cancelled_run_is_not_an_error(OrtLoggingLevel severity, string message, LogLevel expected)
    {
        Assert.Equal(expected, OnnxRuntimeLog.LevelOf(severity, message));
    }

    [Fact]
    public async Task Twenty_cancelled_runs_of_the_cli_write_no_native_output_to_stderr()
    {
        var cli = SampleDll("Florence2.Cli");
        for (var run = 0; run < Runs; run++)
        {
            var image = TestImages.PngFile(Path.Combine(_folder.Path, $"image{run}.png"), 64, 48, seed: run);
            using var process = Start(cli, ["caption", image, image, image, image, "--model", _folder.Path, "--max-new-tokens", "1023", "--num-beams", "1"]);
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(900 + (37 * run))); // loaded and generating; a different moment each run
            Interrupt(process);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await stdout;

            // The CLI's own words are all that stderr may hold: a blank line and "cancelled" (or nothing, had it finished).
            var text = (await stderr).Trim();
            Assert.True(text is "cancelled" or "", $"run {run}: stderr held more than the CLI's own words:\n{text}");
            Assert.Contains(process.ExitCode, new[] { 130, 0 });
        }
    }

    [Fact]
    public async Task Twenty_client_hang_ups_in_the_web_sample_write_no_native_output_to_stderr()
    {
        var port = FreePort();
        using var server = Start(SampleDll("Florence2.WebApi"),
            [$"--urls=http://127.0.0.1:{port}", $"--Florence2:ModelPath={_folder.Path}", "--Logging:LogLevel:Default=Debug"]);
        var stderr = server.StandardError.ReadToEndAsync();
        var stdout = server.StandardOutput.ReadToEndAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilListening(client, server);
        var png = TestImages.Png(64, 48);

        for (var run = 0; run < Runs; run++)
        {
            // The model is loaded at start, so a 1,023-token answer takes about half a second on a quiet machine: hang up inside it.
            using var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(40 + (11 * run)));
            using var body = new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } };
            var answered = await Record.ExceptionAsync(async () =>
            {
                using var response = await client.PostAsync("/v1/caption?maxNewTokens=1023&numBeams=1", body, hangUp.Token);
                Assert.Fail($"run {run}: the request was answered {(int)response.StatusCode} before the hang-up: {await response.Content.ReadAsStringAsync()}");
            });
            Assert.True(answered is OperationCanceledException, answered?.Message ?? $"run {run}: nothing was thrown");
        }

        await Task.Delay(1000); // the last cancelled run leaves the model
        Interrupt(server);
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var log = await stdout;

        Assert.Equal(string.Empty, (await stderr).Trim());

        // ONNX Runtime's cancellation message came through the host's logging, at debug level, when a run was cut inside ONNX Runtime.
        Assert.DoesNotContain("fail: Microsoft.ML.OnnxRuntime", log, StringComparison.Ordinal);
    }

    private static string SampleDll(string name)
    {
        var repository = FindRepository();
        var dll = Path.Combine(repository, "samples", name, "bin", "Release", "net10.0", name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is built with the solution.");
        return dll;
    }

    private static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Florence2.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Florence2.sln not found above the test folder.");
    }

    private static Process Start(string dll, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(info)!;
    }

    /// <summary>Ctrl+C: SIGINT, as a terminal sends it.</summary>
    private static void Interrupt(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListening(HttpClient client, Process server)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(server.HasExited, "The web sample exited during start.");
            try
            {
                using var response = await client.GetAsync("/");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("The web sample did not start listening within 30 s.");
    }
}
