using Florence2;
using Florence2.Cli;

// Florence2.Cli run --model DIR --image FILE --task TOKEN [--text TEXT | --region X1,Y1,X2,Y2] [--num-beams N] [--max-new-tokens N] [--min-score S] [--json]
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
    var result = TaskRunner.Run(model, ImageInput.FromFile(arguments.ImagePath), arguments, cancel.Token);
    Console.WriteLine(arguments.Json ? ResultJson.Write(result) : result.RawText);
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
