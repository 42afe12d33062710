using Florence2.Cli;

namespace Florence2.Tests.Samples.Cli;

/// <summary>One in-process run of the florence2 command: its exit code and what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> Of(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, showProgress: false, CancellationToken.None);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
