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

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool showProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var arguments = CliArguments.Parse(args);
            if (arguments.ShowHelp)
            {
                stdout.WriteLine(CliHelp.For(arguments.Command));
                return 0;
            }

            return await RunCommandAsync(arguments, stdout, stderr, new ConsoleProgress(stderr, showProgress), cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"usage error: {e.Message}");
            stderr.WriteLine(args.Length > 0 && CommandInfo.Find(args[0]) is { } command
                ? $"usage: florence2 {command.Usage} [options]; see florence2 {command.Name} --help"
                : "see florence2 --help");
            return UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine();
            stderr.WriteLine("cancelled");
            return Cancelled;
        }
        catch (Exception e) when (e is Florence2Exception or IOException or UnauthorizedAccessException or ArgumentException
            or SixLabors.ImageSharp.ImageFormatException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    private static async Task<int> RunCommandAsync(CliArguments arguments, TextWriter stdout, TextWriter stderr, ConsoleProgress progress,
        CancellationToken cancellationToken)
    {
        var images = ImageFiles.Expand(arguments.Images);
        var targets = arguments.AnnotatePath is { } annotate ? AnnotationTargets.For(annotate, images) : null;
        if (targets is not null && Path.GetDirectoryName(Path.GetFullPath(targets[0])) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        using var model = await LoadModelAsync(arguments, progress, cancellationToken).ConfigureAwait(false);
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

    private static async Task<Florence2Model> LoadModelAsync(CliArguments arguments, ConsoleProgress progress, CancellationToken cancellationToken)
    {
        // A path that does not exist would otherwise be sent to the Hub as a repository id, with a puzzling error.
        var model = arguments.Model;
        if (!Directory.Exists(model) && (model.StartsWith('.') || Path.IsPathRooted(model) || model.Count(c => c is '/' or '\\') > 1))
        {
            throw new DirectoryNotFoundException($"The model folder '{model}' does not exist.");
        }

        var loaded = await Florence2Model.LoadAsync(model, arguments.ModelOptions, hub: null, arguments.Revision, progress, cancellationToken)
            .ConfigureAwait(false);
        progress.Clear();
        return loaded;
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

    private static void Write(TextWriter stdout, string image, TaskResult result, CliArguments arguments, bool several)
    {
        if (arguments.Json)
        {
            stdout.WriteLine(ResultJson.Write(image, result, generationDetails: arguments.Command!.Command == CliCommand.Run));
            return;
        }

        if (several)
        {
            stdout.WriteLine(image);
        }

        // run is for debugging: the raw answer, special tokens kept, as the model generated it.
        if (arguments.Command!.Command == CliCommand.Run)
        {
            stdout.WriteLine((several ? "  " : "") + result.RawText);
            return;
        }

        ResultText.Write(stdout, result, several ? "  " : "");
    }
}
