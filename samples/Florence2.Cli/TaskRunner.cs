namespace Florence2.Cli;

/// <summary>Calls the typed method of the command (a free prompt is answered in the kind it names).</summary>
internal static class TaskRunner
{
    public static TaskResult Run(IFlorence2Model model, ImageInput image, CliInvocation args, CancellationToken cancellationToken)
    {
        var options = new TaskOptions
        {
            Generation = new GenerationOptions { NumBeams = args.NumBeams, MaxNewTokens = args.MaxNewTokens },
            MinimumScore = args.MinimumScore,
        };
        var text = args.Text ?? "";
        return args.Command switch
        {
            CliCommand.Caption => model.Caption(image, args.Detail, options, cancellationToken),
            CliCommand.Ocr when args.OcrRegions => model.ReadTextWithRegions(image, options, cancellationToken),
            CliCommand.Ocr => model.ReadText(image, options, cancellationToken),
            CliCommand.Detect => model.DetectObjects(image, options, cancellationToken),
            CliCommand.DenseCaption => model.CaptionRegions(image, options, cancellationToken),
            CliCommand.Propose => model.ProposeRegions(image, options, cancellationToken),
            CliCommand.Ground => model.CaptionToPhraseGrounding(image, text, options, cancellationToken),
            CliCommand.Segment when args.Region is { } region => model.SegmentRegion(image, region, options, cancellationToken),
            CliCommand.Segment => model.SegmentExpression(image, text, options, cancellationToken),
            CliCommand.Find => model.DetectOpenVocabulary(image, text, options, cancellationToken),
            CliCommand.Region => AskRegion(model, image, args.Region!.Value, args.Question, options, cancellationToken),
            CliCommand.Prompt => model.Run(image, args.Kind is { } kind ? Florence2Task.Custom(args.Task, args.Text, kind) : Florence2Task.FromToken(args.Task, args.Text),
                options, cancellationToken),
            _ => model.Run(image, RawTask(args), options, cancellationToken),
        };
    }

    // `run` takes any token with --text or --region; a region that does not fit the task is a usage error.
    private static Florence2Task<TaskResult> RawTask(CliInvocation args)
    {
        try
        {
            return Florence2Task.FromToken(args.Task, args.Text, args.Region);
        }
        catch (ArgumentException e) when (args.Region is not null && e.ParamName == "region")
        {
            throw new CliUsageException($"--region only goes with the region tasks, not {args.Task}.");
        }
    }

    private static TextResult AskRegion(IFlorence2Model model, ImageInput image, BoundingBox region, RegionQuestion question, TaskOptions options,
        CancellationToken cancellationToken) => question switch
        {
            RegionQuestion.Category => model.ClassifyRegion(image, region, options, cancellationToken),
            RegionQuestion.Ocr => model.ReadRegionText(image, region, options, cancellationToken),
            _ => model.DescribeRegion(image, region, options, cancellationToken),
        };
}
