using Florence2;
using Florence2.AI;
using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a Florence-2 model's chat client next to the model (<c>AddFlorence2(...).AddChatClient()</c>).</summary>
public static class Florence2BuilderChatClientExtensions
{
    /// <summary>
    /// Registers an <see cref="IChatClient"/> singleton over this registration's model: unkeyed for <c>AddFlorence2</c>,
    /// under the same key for <c>AddKeyedFlorence2</c>. The client is created when first resolved (the model loads
    /// then, if it has not yet); disposing the container disposes the model once. For a pipeline (logging,
    /// OpenTelemetry, a cache), register through Microsoft.Extensions.AI instead:
    /// <c>services.AddChatClient(sp =&gt; sp.GetRequiredService&lt;IFlorence2Model&gt;().AsChatClient()).UseOpenTelemetry()</c>.
    /// Like other registrations, a later <see cref="IChatClient"/> registration with the same key wins when one client is resolved.
    /// </summary>
    /// <param name="builder">The model's registration.</param>
    /// <param name="modelId">The model id the client reports; null for the Hub id of a model in the Hub cache, else the model folder's name.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is empty or white space.</exception>
    public static IFlorence2Builder AddChatClient(this IFlorence2Builder builder, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (modelId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        }

        if (builder.ServiceKey is { } key)
        {
            builder.Services.AddKeyedSingleton<IChatClient>(key, (sp, k) => sp.GetRequiredKeyedService<IFlorence2Model>(k).AsChatClient(modelId));
        }
        else
        {
            builder.Services.AddSingleton<IChatClient>(sp => sp.GetRequiredService<IFlorence2Model>().AsChatClient(modelId));
        }

        return builder;
    }
}
