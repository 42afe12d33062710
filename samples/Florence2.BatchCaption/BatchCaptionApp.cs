using System.CommandLine;
using System.CommandLine.Invocation;

namespace Florence2.BatchCaption;

/// <summary>
/// Captions every JPEG and PNG image of a folder (or of one shard of it) with the library's batching
/// (<see cref="IFlorence2Model.RunBatchAsync{TResult}"/>), printing <c>file&lt;TAB&gt;caption</c> as each batch
/// finishes and, optionally, writing a CSV or JSON lines file.
/// </summary>
internal static class BatchCaptionApp
{
    public const int Failed = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    /// <summary>Runs with progress on stderr when it is the console's own: redrawn on a terminal, a line now and then in a log.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr,
            !ReferenceEquals(stderr, Console.Error) ? ProgressMode.Off : Console.IsErrorRedirected ? ProgressMode.Log : ProgressMode.Live,
            TimeProvider.System, cancellationToken);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ProgressMode progressMode, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var commandLine = new BatchCommandLine();
        var parsed = commandLine.Parse(args);
        if (parsed.Action is ParseErrorAction || (parsed.Action is null && parsed.Errors.Count > 0))
        {
            return await UsageAsync(stderr, parsed.Errors.Select(e => e.Message)).ConfigureAwait(false);
        }

        if (parsed.Action is not null)
        {
            // --help and --version.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, cancellationToken).ConfigureAwait(false);
        }

        var request = commandLine.Bind(parsed);
        string[] images;
        try
        {
            images = FindImages(request.Folder);
        }
        catch (ArgumentException e)
        {
            return await UsageAsync(stderr, [e.Message]).ConfigureAwait(false);
        }

        var mine = images.Where(p => request.Shard.Contains(Path.GetFileName(p))).ToArray();
        if (mine.Length == 0)
        {
            // More shards than images, or an unlucky split: nothing to do is not an error for one shard of many.
            await stderr.WriteLineAsync($"Shard {request.Shard} holds none of the {images.Length} images of '{request.Folder}'.").ConfigureAwait(false);
            return 0;
        }

        Florence2Model model;
        try
        {
            model = await Florence2Model.LoadAsync(request.Model, ModelOptions(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Florence2Exception e)
        {
            // Model folder, Hub download or execution provider problems: the message names the file and the fix.
            await stderr.WriteLineAsync($"The model '{request.Model}' could not be loaded: {e.Message}").ConfigureAwait(false);
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("Cancelled while loading the model.").ConfigureAwait(false);
            return Cancelled;
        }

        using (model)
        {
            var progress = new BatchProgress(stderr, progressMode, mine.Length, clock);
            return await CaptionAllAsync(model, request, mine, stdout, stderr, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The options the model is loaded with: image files decoded with SkiaSharp (docs/images.md, "Choosing a decoder").</summary>
    /// <exception cref="SkiaSharpNativeLibraryException">Skia's native library is missing or of another version.</exception>
    internal static Florence2ModelOptions ModelOptions() => new() { ImageDecoder = new SkiaSharpImageDecoder() };

    private static async Task<int> UsageAsync(TextWriter stderr, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            await stderr.WriteLineAsync($"usage error: {message}").ConfigureAwait(false);
        }

        await stderr.WriteLineAsync("see Florence2.BatchCaption --help").ConfigureAwait(false);
        return UsageError;
    }

    private static async Task<int> CaptionAllAsync(Florence2Model model, BatchRequest request, string[] images, TextWriter stdout, TextWriter stderr,
        BatchProgress progress, CancellationToken cancellationToken)
    {
        CaptionFile? file = request.OutputFile is null ? null : await CaptionFile.CreateAsync(request.OutputFile, cancellationToken).ConfigureAwait(false);
        await using var fileScope = file;
        var done = 0;
        var failed = 0;
        var options = new BatchOptions { BatchSize = request.BatchSize, MaxDegreeOfParallelism = request.Parallelism };
        progress.Report(0);
        try
        {
            // Results arrive as batches finish; Index says which input each is. One bad image fails alone, and so does a
            // file removed after the folder was listed: it is left out of the inputs, so the others' indexes map through sent.
            var sent = new string[images.Length];
            var vanished = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var task = Florence2Task.Caption(request.Detail);
            await foreach (var item in model.RunBatchAsync(Existing(images, sent, vanished), task, options, cancellationToken)
                .ConfigureAwait(false))
            {
                while (vanished.TryDequeue(out var gone))
                {
                    failed++;
                    await stderr.WriteLineAsync(gone).ConfigureAwait(false);
                }

                var name = Path.GetFileName(sent[item.Index]);
                progress.Clear();
                if (item.Result is not { } result)
                {
                    failed++;
                    await stderr.WriteLineAsync($"{name}: {item.Error!.Message}").ConfigureAwait(false);
                }
                else
                {
                    done++;
                    // The console line stays one line; the output file keeps the caption exactly.
                    await stdout.WriteLineAsync($"{name}\t{OneLine(result.Text)}").ConfigureAwait(false);
                    if (file is not null)
                    {
                        await file.WriteAsync(name, task.Token, result, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                progress.Report(done + failed);
            }

            while (vanished.TryDequeue(out var gone))
            {
                failed++;
                await stderr.WriteLineAsync(gone).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Clear();
            await stderr.WriteLineAsync($"Cancelled: {done} of {images.Length} images captioned.").ConfigureAwait(false);
            return Cancelled;
        }

        progress.Finish(done + failed);
        if (failed > 0)
        {
            await stderr.WriteLineAsync($"{failed} of {images.Length} images could not be captioned.").ConfigureAwait(false);
            return Failed;
        }

        return 0;
    }

    private static string[] FindImages(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"The folder '{folder}' does not exist.");
        }

        var images = Directory.EnumerateFiles(folder)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return images.Length > 0 ? images : throw new ArgumentException($"The folder '{folder}' has no .jpg, .jpeg or .png files.");
    }

    private static string OneLine(string text) =>
        text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    private static IEnumerable<VisionInput> Existing(string[] images, string[] sent, System.Collections.Concurrent.ConcurrentQueue<string> vanished)
    {
        var next = 0;
        foreach (var path in images)
        {
            ImageInput input;
            try
            {
                input = ImageInput.FromFile(path);
            }
            catch (FileNotFoundException)
            {
                vanished.Enqueue($"{Path.GetFileName(path)}: the file was removed after the folder was listed.");
                continue;
            }

            sent[next++] = path;
            yield return input;
        }
    }
}
