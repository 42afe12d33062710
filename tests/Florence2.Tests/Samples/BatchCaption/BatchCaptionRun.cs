using Florence2.BatchCaption;

namespace Florence2.Tests.Samples.BatchCaption;

/// <summary>One in-process run of the BatchCaption sample: its exit code and what it wrote.</summary>
internal sealed record BatchCaptionRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<BatchCaptionRun> Of(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BatchCaptionApp.RunAsync(args, stdout, stderr, cancellationToken);
        return new BatchCaptionRun(code, stdout.ToString(), stderr.ToString());
    }

    public static Task<BatchCaptionRun> Of(params string[] args) => Of(CancellationToken.None, args);

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
