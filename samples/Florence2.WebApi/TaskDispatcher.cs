namespace Florence2.WebApi;

/// <summary>
/// Builds the task a request names (<see cref="Florence2Task.FromToken"/>: a known token is parsed as its task, a region
/// goes with the region tasks, <c>answer</c> with custom prompts) and runs it. Query combinations that cannot work are a
/// 400 before the model runs.
/// </summary>
internal static class TaskDispatcher
{
    public static async Task<TaskResult> RunAsync(IFlorence2Model model, ImageInput image, string task, TaskQuery query, CancellationToken cancellationToken)
    {
        // FromToken throws ArgumentException for combinations that cannot work; the endpoint answers them with a 400.
        var request = Florence2Task.FromToken(task, query.Text, query.Region, query.Answer);
        return await model.RunAsync(image, request, query.ToTaskOptions(), cancellationToken);
    }
}
