namespace Florence2.Cli;

/// <summary>Calls the typed method of the command (a free prompt is answered in the kind it names).</summary>
internal static class TaskRunner
{
    public static TaskResult Run(IFlorence2Model model, ImageInput image, CliArguments args, CancellationToken cancellationToken)
    {
        var options = new TaskOptions
        {
            Generation = new GenerationOptions { NumBeams = args.NumBeams, MaxNewTokens = args.MaxNewTokens },
            MinimumScore = args.MinimumScore,
        };
        var text = args.Text ?? "";
        return args.Command!.Command switch
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
            CliCommand.Prompt => model.RunCustomTask(image, args.Task, args.Text, args.Kind ?? KindOf(args.Task), options, cancellationToken),
            CliCommand.Run when args.Region is { } region => RunRegionTask(model, image, args.Task, region, options, cancellationToken),
            _ => model.RunCustomTask(image, args.Task, args.Text, KindOf(args.Task), options, cancellationToken),
        };
    }

    private static TextResult AskRegion(IFlorence2Model model, ImageInput image, BoundingBox region, RegionQuestion question, TaskOptions options,
        CancellationToken cancellationToken) => question switch
        {
            RegionQuestion.Category => model.ClassifyRegion(image, region, options, cancellationToken),
            RegionQuestion.Ocr => model.ReadRegionText(image, region, options, cancellationToken),
            _ => model.DescribeRegion(image, region, options, cancellationToken),
        };

    private static TaskResult RunRegionTask(IFlorence2Model model, ImageInput image, string task, BoundingBox region, TaskOptions options,
        CancellationToken cancellationToken) => task switch
        {
            TaskTokens.RegionToCategory => model.ClassifyRegion(image, region, options, cancellationToken),
            TaskTokens.RegionToDescription => model.DescribeRegion(image, region, options, cancellationToken),
            TaskTokens.RegionToOcr => model.ReadRegionText(image, region, options, cancellationToken),
            TaskTokens.RegionToSegmentation => model.SegmentRegion(image, region, options, cancellationToken),
            _ => throw new CliUsageException($"--region only goes with the region tasks, not {task}."),
        };

    // A known task token is parsed as that task parses it; anything else is answered as plain text.
    private static AnswerKind KindOf(string task) => TaskCatalog.TryGet(task, out var known) ? known.AnswerKind : AnswerKind.PureText;
}
