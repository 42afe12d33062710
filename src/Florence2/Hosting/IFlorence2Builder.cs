namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One Florence-2 model registration, returned by <c>AddFlorence2</c> and <c>AddKeyedFlorence2</c> so that code-only
/// settings can be chained (see <see cref="Florence2BuilderExtensions"/>).
/// </summary>
public interface IFlorence2Builder
{
    /// <summary>The service collection the model is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// The name of this registration's <see cref="Florence2.Florence2Options"/>: empty (<c>Options.DefaultName</c>)
    /// for the unkeyed model, the service key's text for a keyed one.
    /// </summary>
    string Name { get; }

    /// <summary>The service key of a keyed registration; null for the unkeyed model.</summary>
    object? ServiceKey { get; }
}
