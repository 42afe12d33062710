using Florence2.BatchCaption;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C lets the images in flight stop and the output file close; a second one ends the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

return await BatchCaptionApp.RunAsync(args, Console.Out, Console.Error, cancel.Token);
