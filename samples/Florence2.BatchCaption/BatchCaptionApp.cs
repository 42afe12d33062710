namespace Florence2.BatchCaption;

/// <summary>
/// Captions every JPEG and PNG image of a folder with a bounded number of images in flight, printing
/// <c>file&lt;TAB&gt;caption</c> as each finishes and, optionally, writing a CSV or JSON lines file.
/// </summary>
internal static class BatchCaptionApp
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        BatchArguments arguments;
        string[] images;
        try
        {
            arguments = BatchArguments.Parse(args);
            images = FindImages(arguments.Folder);
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync($"{e.Message}\n{BatchArguments.Usage}").ConfigureAwait(false);
            return 2;
        }

        Florence2Model model;
        try
        {
            model = await Florence2Model.LoadAsync(arguments.Model, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Florence2Exception e)
        {
            // Model folder, Hub download or execution provider problems: the message names the file and the fix.
            await stderr.WriteLineAsync($"The model '{arguments.Model}' could not be loaded: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("Cancelled while loading the model.").ConfigureAwait(false);
            return 130;
        }

        using (model)
        {
            return await CaptionAllAsync(model, arguments, images, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> CaptionAllAsync(Florence2Model model, BatchArguments arguments, string[] images,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        CaptionFile? file = arguments.OutputFile is null ? null : await CaptionFile.CreateAsync(arguments.OutputFile, cancellationToken).ConfigureAwait(false);
        await using var fileScope = file;

        // One writer at a time, so that lines from parallel images never interleave.
        using var output = new SemaphoreSlim(1, 1);
        var done = 0;
        var failed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = arguments.Parallelism, CancellationToken = cancellationToken };
        try
        {
            // The model is thread-safe; each image is one CaptionAsync call. (A batched API would replace this loop.)
            await Parallel.ForEachAsync(images, parallel, async (path, ct) =>
            {
                var name = Path.GetFileName(path);
                string? caption = null;
                string? error = null;
                try
                {
                    var result = await model.CaptionAsync(ImageInput.FromFile(path), arguments.Detail, cancellationToken: ct).ConfigureAwait(false);
                    caption = result.Text;
                }
                catch (InvalidImageException e)
                {
                    error = e.Message;
                }

                await output.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    if (caption is null)
                    {
                        failed++;
                        await stderr.WriteLineAsync($"{name}: {error}").ConfigureAwait(false);
                        return;
                    }

                    done++;
                    // The console line stays one line; the output file keeps the caption exactly.
                    await stdout.WriteLineAsync($"{name}\t{OneLine(caption)}").ConfigureAwait(false);
                    if (file is not null)
                    {
                        await file.WriteAsync(name, caption, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                finally
                {
                    output.Release();
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"Cancelled: {done} of {images.Length} images captioned.").ConfigureAwait(false);
            return 130;
        }

        if (failed > 0)
        {
            await stderr.WriteLineAsync($"{failed} of {images.Length} images could not be captioned.").ConfigureAwait(false);
            return 1;
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
}
