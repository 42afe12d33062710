namespace Florence2.WebApi;

/// <summary>
/// Calls the model method that fits a task token and the query: a region method when a region is given, else
/// <see cref="IFlorence2Model.RunCustomTaskAsync"/>. Query combinations that cannot work are a 400 before the model runs.
/// </summary>
internal static class TaskDispatcher
{
    public static async Task<TaskResult> RunAsync(IFlorence2Model model, ImageInput image, string task, TaskQuery query, CancellationToken cancellationToken)
    {
        var options = query.ToTaskOptions();
        bool known = TaskCatalog.TryGet(task, out var definition);
        if (query.Answer is not null && known)
        {
            throw new BadHttpRequestException($"'answer' only goes with custom prompts; {task} is a known task and is always parsed as {definition!.AnswerKind}.");
        }

        if (query.Region is not { } region)
        {
            // RunCustomTask expands known tokens and throws ArgumentException when the text does not fit the task.
            var kind = query.Answer ?? (known ? definition!.AnswerKind : AnswerKind.PureText);
            return await model.RunCustomTaskAsync(image, task, query.Text, kind, options, cancellationToken);
        }

        if (query.Text is not null)
        {
            throw new BadHttpRequestException($"Give either 'region' or 'text' for {task}, not both: the region becomes the task's text.");
        }

        return task switch
        {
            TaskTokens.RegionToSegmentation => await model.SegmentRegionAsync(image, region, options, cancellationToken),
            TaskTokens.RegionToCategory => await model.ClassifyRegionAsync(image, region, options, cancellationToken),
            TaskTokens.RegionToDescription => await model.DescribeRegionAsync(image, region, options, cancellationToken),
            TaskTokens.RegionToOcr => await model.ReadRegionTextAsync(image, region, options, cancellationToken),
            _ => throw new BadHttpRequestException(
                $"'region' only goes with the region tasks ({TaskTokens.RegionToSegmentation}, {TaskTokens.RegionToCategory}, {TaskTokens.RegionToDescription}, {TaskTokens.RegionToOcr}), not {task}."),
        };
    }
}
