using Florence2;
using Florence2.Cli;

// florence2 run --model DIR --image FILE --task TOKEN [--text TEXT] [--num-beams N] [--max-new-tokens N] [--json]
try
{
    var arguments = CliArguments.Parse(args);
    if (arguments.ShowHelp)
    {
        Console.WriteLine(CliArguments.Usage);
        return 0;
    }

    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };

    using var model = Florence2Model.Load(arguments.ModelDirectory, cancellationToken: cancel.Token);
    var options = new GenerationOptions { NumBeams = arguments.NumBeams, MaxNewTokens = arguments.MaxNewTokens };
    var result = model.Generate(ImageInput.FromFile(arguments.ImagePath), arguments.Task, arguments.Text, options, cancel.Token);
    Console.WriteLine(arguments.Json ? ResultJson.Write(result) : result.Text);
    return 0;
}
catch (CliUsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CliArguments.Usage);
    return 2;
}
catch (Exception e) when (e is Florence2Exception or ArgumentException or IOException or UnauthorizedAccessException or OperationCanceledException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
