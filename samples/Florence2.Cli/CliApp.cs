using System.CommandLine;
using System.CommandLine.Invocation;
using Florence2.Cli.Annotation;

namespace Florence2.Cli;

/// <summary>The florence2 command: parses the arguments, loads the model once, runs the command on each image.</summary>
internal static class CliApp
{
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl+C, as shells report a process stopped by SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>Runs the command; the progress line is drawn only when <paramref name="stderr"/> is the console's own, and a terminal.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected, cancellationToken);

    /// <summary>Runs the command; <paramref name="hub"/> replaces the <c>HF_*</c> environment (for tests), <paramref name="clock"/> the system clock.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool showProgress, CancellationToken cancellationToken,
        HubOptions? hub = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var commandLine = new CliCommandLine();
        var parsed = commandLine.Parse(args);
        if (parsed.Action is ParseErrorAction || (parsed.Action is null && parsed.Errors.Count > 0))
        {
            CliUsage.WriteErrors(commandLine, parsed, stderr);
            return UsageError;
        }

        if (parsed.Action is not null)
        {
            // --help, --version, and the [suggest] directive of shell completion.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, cancellationToken).ConfigureAwait(false);
        }

        CliInvocation arguments;
        try
        {
            arguments = commandLine.Bind(parsed);
        }
        catch (SkiaSharpNativeLibraryException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }

        try
        {
            var progress = new ConsoleProgress(stderr, showProgress, clock);
            return await RunCommandAsync(arguments, stdout, stderr, progress, hub ?? HubOptions.FromEnvironment(), cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"usage error: {e.Message}");
            stderr.WriteLine($"see florence2 {arguments.Name} --help");
            return UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine();
            stderr.WriteLine("cancelled");
            return Cancelled;
        }
        catch (HubException e) when (e.GetType() == typeof(HubException) || e is HubOfflineException)
        {
            // The Hub could not be reached (or offline mode lacks the files): say how to work without it.
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine(OfflineWays);
            return Failed;
        }
        // Undecodable images are InvalidImageException (a Florence2Exception), from the model's decoder and from --annotate's.
        catch (Exception e) when (e is Florence2Exception or IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    /// <summary>The ways to run without the Hub, printed when it cannot be reached (the second is README's second command).</summary>
    internal const string OfflineWays = """
        To work without the network:
          - HF_HUB_OFFLINE=1 uses the Hugging Face cache without trying the Hub, once the model is in it (run once online,
            or copy a cache);
          - --model DIR loads a local folder in the onnx-community layout, for example one fetched elsewhere with
            hf download onnx-community/Florence-2-base-ft --local-dir models/Florence-2-base-ft;
          - in this repository, the tiny scripted test model needs no download (README.md, the second command):
            dotnet run --project tests/Florence2.TestModels -- --out .models/tiny-od --script "car<loc_183><loc_391><loc_817><loc_860>wheel<loc_246><loc_684><loc_380><loc_860>wheel<loc_621><loc_684><loc_755><loc_860>"
            florence2 detect samples/images/car.jpg --model .models/tiny-od
        """;

    private static async Task<int> RunCommandAsync(CliInvocation arguments, TextWriter stdout, TextWriter stderr, ConsoleProgress progress,
        HubOptions hub, CancellationToken cancellationToken)
    {
        var images = ImageFiles.Expand(arguments.Images);
        var targets = arguments.AnnotatePath is { } annotate ? AnnotationTargets.For(annotate, images) : null;
        if (targets is not null && Path.GetDirectoryName(Path.GetFullPath(targets[0])) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        using var model = await LoadModelAsync(arguments, progress, hub, cancellationToken).ConfigureAwait(false);
        CheckLimits(arguments, model);
        WarnAboutFallback(model, arguments.ModelOptions, stderr);
        var failures = 0;
        for (var i = 0; i < images.Count; i++)
        {
            progress.Image(i + 1, images.Count, images[i]);
            TaskResult result;
            try
            {
                result = TaskRunner.Run(model, ImageInput.FromFile(images[i]), arguments, cancellationToken);
            }
            catch (InvalidImageException e) when (images.Count > 1)
            {
                // One bad file in a folder should not stop the others.
                progress.Clear();
                stderr.WriteLine($"error: {images[i]}: {e.Message}");
                failures++;
                continue;
            }

            progress.Clear();
            Write(stdout, images[i], result, arguments, several: images.Count > 1);
            if (result.IsTruncated)
            {
                stderr.WriteLine($"warning: {images[i]}: the answer reached --max-new-tokens and may be incomplete.");
            }

            if (targets is not null)
            {
                Annotator.Save(images[i], result, arguments.Region, targets[i]);
            }
        }

        progress.Clear();
        return failures == 0 ? 0 : Failed;
    }

    private static async Task<Florence2Model> LoadModelAsync(CliInvocation arguments, ConsoleProgress progress, HubOptions hub,
        CancellationToken cancellationToken)
    {
        // The Hub client's retries and cache fall-back become lines on stderr; a folder model loads without them.
        arguments.ModelOptions.LoggerFactory = new HubRetryLog(progress);
        var waiting = Directory.Exists(arguments.Model)
            ? null
            : progress.Waiting(hub.Offline
                ? $"looking for {arguments.Model} in the Hugging Face cache (HF_HUB_OFFLINE=1)"
                : $"asking {hub.Endpoint} for {arguments.Model} (HF_HUB_OFFLINE=1 uses the cache only)");
        try
        {
            return await Florence2Model.LoadAsync(arguments.Model, arguments.ModelOptions, hub, arguments.Revision, progress, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            waiting?.Dispose();
            progress.Clear();
        }
    }

    // What depends on the model (its decoder positions) is checked once it is loaded, before any image runs.
    private static void CheckLimits(CliInvocation arguments, Florence2Model model)
    {
        var most = model.Info.MaxPositions - 1;
        if (arguments.MaxNewTokens > most)
        {
            throw new CliUsageException(
                $"--max-new-tokens {arguments.MaxNewTokens} is above this model's limit: its decoder has {model.Info.MaxPositions} positions, one of them "
                + $"for the start token, so use at most {most}.");
        }
    }

    // The tool ships ONNX Runtime's CPU build, so a GPU provider usually falls back; say so rather than run slowly in silence.
    private static void WarnAboutFallback(Florence2Model model, Florence2ModelOptions options, TextWriter stderr)
    {
        var wanted = options.ExecutionProviders.FirstOrDefault(p => p.Kind != ExecutionProviderKind.Cpu);
        if (wanted is not null && model.Info.ExecutionProviders.Values.Any(p => p.Kind == ExecutionProviderKind.Cpu))
        {
            var modules = string.Join(", ", model.Info.ExecutionProviders.Where(p => p.Value.Kind == ExecutionProviderKind.Cpu).Select(p => p.Key));
            stderr.WriteLine($"warning: {wanted} is not available to this build of ONNX Runtime; {modules} run on the CPU.");
        }
    }

    private static void Write(TextWriter stdout, string image, TaskResult result, CliInvocation arguments, bool several)
    {
        if (arguments.Json)
        {
            stdout.WriteLine(ResultJson.Write(image, result, arguments));
            return;
        }

        if (several)
        {
            stdout.WriteLine(image);
        }

        // run is for debugging: the raw answer, special tokens kept, as the model generated it.
        if (arguments.Command == CliCommand.Run)
        {
            stdout.WriteLine((several ? "  " : "") + result.RawText);
            return;
        }

        ResultText.Write(stdout, result, several ? "  " : "");
    }
}
