namespace Florence2.Cli;

/// <summary>Calls the typed method that fits the task (a free prompt is answered as plain text).</summary>
internal static class TaskRunner
{
    public static TaskResult Run(IFlorence2Model model, ImageInput image, CliArguments args, CancellationToken cancellationToken)
    {
        var options = new TaskOptions
        {
            Generation = new GenerationOptions { NumBeams = args.NumBeams, MaxNewTokens = args.MaxNewTokens },
            MinimumScore = args.MinimumScore,
        };
        if (args.Region is { } region)
        {
            return args.Task switch
            {
                TaskTokens.RegionToCategory => model.ClassifyRegion(image, region, options, cancellationToken),
                TaskTokens.RegionToDescription => model.DescribeRegion(image, region, options, cancellationToken),
                TaskTokens.RegionToOcr => model.ReadRegionText(image, region, options, cancellationToken),
                TaskTokens.RegionToSegmentation => model.SegmentRegion(image, region, options, cancellationToken),
                _ => throw new CliUsageException($"--region only goes with the region tasks, not {args.Task}."),
            };
        }

        var kind = TaskCatalog.TryGet(args.Task, out var task) ? task.AnswerKind : AnswerKind.PureText;
        return model.RunCustomTask(image, args.Task, args.Text, kind, options, cancellationToken);
    }
}
