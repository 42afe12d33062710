using Microsoft.Extensions.AI;

namespace Florence2.AI;

/// <summary>Reads the typed Florence-2 result from a chat response.</summary>
public static class Florence2ChatResponseExtensions
{
    /// <summary>
    /// The typed result behind <paramref name="response"/> (its <see cref="ChatResponse.RawRepresentation"/>): a
    /// <see cref="DetectionResult"/> for <c>&lt;OD&gt;</c>, a <see cref="TextResult"/> for a caption, ... or
    /// <see cref="TaskResult"/> for any of them. For a streamed answer, boxes and polygons are on the update's
    /// <see cref="ChatResponseUpdate.RawRepresentation"/>.
    /// </summary>
    /// <typeparam name="TResult">The result type the task returns, or <see cref="TaskResult"/>.</typeparam>
    /// <param name="response">A response of <see cref="Florence2ChatClient"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The response carries no Florence-2 result (it came from another client, or from a cache, which keeps only the
    /// text), or a result of another type (the message asked for another task).
    /// </exception>
    public static TResult GetFlorence2Result<TResult>(this ChatResponse response)
        where TResult : TaskResult
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RawRepresentation switch
        {
            TResult result => result,
            TaskResult other => throw new InvalidOperationException(
                $"The response holds a {other.GetType().Name}, not a {typeof(TResult).Name}: the message asked for another task. Ask for {nameof(TaskResult)} to take any result."),
            _ => throw new InvalidOperationException(
                "The response carries no Florence-2 result: it was not produced by Florence2ChatClient, or it was replayed from a cache "
                + "(UseDistributedCache stores the text, usage and finish reason, not the typed result). Read response.Text, or call the client without the cache."),
        };
    }
}
