using Florence2;
using Florence2.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Code-only settings for a Florence-2 registration.</summary>
public static class Florence2BuilderExtensions
{
    /// <summary>Changes this registration's options after configuration binding (for example a path computed at run time, or a code-only setting).</summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configure">Changes the options; runs once, when the options are first needed.</param>
    /// <returns>The same builder.</returns>
    public static IFlorence2Builder Configure(this IFlorence2Builder builder, Action<Florence2Options> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder;
    }

    /// <summary>
    /// Changes this registration's options with access to the container, for settings configuration cannot express
    /// (<see cref="Florence2ModelOptions.ConfigureSession"/>, <see cref="Florence2ModelOptions.ModuleExecutionProviders"/>,
    /// <see cref="Florence2ModelOptions.LocationTokenParser"/>) or values that come from other services.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configure">Changes the options; runs once, when the options are first needed.</param>
    /// <returns>The same builder.</returns>
    public static IFlorence2Builder Configure(this IFlorence2Builder builder, Action<Florence2Options, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<Florence2Options>(builder.Name).Configure<IServiceProvider>(configure);
        return builder;
    }

    /// <summary>
    /// Sets how Hub downloads (<see cref="Florence2Options.ModelId"/>) run: the <see cref="HubOptions"/> (default:
    /// <see cref="HubOptions.FromEnvironment()"/>) and an <see cref="HttpClient"/> from the container, typically
    /// <c>sp =&gt; sp.GetRequiredService&lt;IHttpClientFactory&gt;().CreateClient("florence2-hub")</c> with a handler from
    /// <see cref="HubDownloader.CreateHttpMessageHandler"/> (redirects must not be followed automatically). The
    /// library does not dispose that client.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="hub">Returns the Hub settings; null keeps the environment's.</param>
    /// <param name="httpClient">Returns the client to download with; null lets the downloader own one.</param>
    /// <returns>The same builder.</returns>
    public static IFlorence2Builder UseHub(this IFlorence2Builder builder, Func<IServiceProvider, HubOptions>? hub = null, Func<IServiceProvider, HttpClient>? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<HubClientSetup>(builder.Name, c =>
        {
            c.Hub = hub;
            c.HubHttpClient = httpClient;
        });
        return builder;
    }
}
