using Microsoft.Extensions.AI;

namespace Florence2.AI;

/// <summary>Turns a Florence-2 model into an <see cref="IChatClient"/>.</summary>
public static class Florence2ChatClientExtensions
{
    /// <summary>
    /// A <see cref="Florence2ChatClient"/> over <paramref name="model"/>: one image and one task per request (see its remarks).
    /// Compose it with <c>ChatClientBuilder</c> (<c>model.AsChatClient().AsBuilder().UseOpenTelemetry().Build()</c>).
    /// Disposing the client leaves the model alone.
    /// </summary>
    /// <param name="model">The model; the client does not own it.</param>
    /// <param name="modelId">The model id to report; null for the Hub id of a model in the Hub cache, else the model folder's name.</param>
    /// <returns>The chat client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is empty or white space.</exception>
    public static IChatClient AsChatClient(this IFlorence2Model model, string? modelId = null) => new Florence2ChatClient(model, modelId);
}
