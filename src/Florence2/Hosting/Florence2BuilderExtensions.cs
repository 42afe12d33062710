using Florence2;
using Florence2.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

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
    /// Loads this model when the host starts (a hosted service, before a web host takes requests), downloading a Hub
    /// model asynchronously with its progress in the log; the first request then costs no load. When loading fails the
    /// host does not start and the typed error says why (<see cref="ModelFileMissingException"/>,
    /// <see cref="ExecutionProviderUnavailableException"/>, <see cref="HubException"/>, ...), unless
    /// <paramref name="startDegraded"/> is true: the host then starts, resolving the model throws that error, and the
    /// health check (<c>AddHealthChecks().AddFlorence2(...)</c>) reports it. Required for a Hub
    /// <see cref="Florence2Options.ModelId"/>, whose download would otherwise block the thread that first resolves it.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="startDegraded">Start the host even when this model fails to load.</param>
    /// <returns>The same builder.</returns>
    public static IFlorence2Builder LoadOnStartup(this IFlorence2Builder builder, bool startDegraded = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new Florence2StartupLoad(builder.Name, startDegraded));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, Florence2StartupService>());
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
