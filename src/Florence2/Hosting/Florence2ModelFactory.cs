using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Florence2.Hosting;

/// <summary>Loads the model of one registration from its named options, when the container first resolves it.</summary>
internal static class Florence2ModelFactory
{
    public static Florence2Model Create(IServiceProvider services, string name)
    {
        // Get validates (IValidateOptions) and throws OptionsValidationException naming every bad setting.
        var options = services.GetRequiredService<IOptionsMonitor<Florence2Options>>().Get(name);

        var folder = options.ModelPath;
        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            // DI factories are synchronous; the download happens once, when the singleton is first resolved.
            var setup = services.GetRequiredService<IOptionsMonitor<HubClientSetup>>().Get(name);
            var hub = setup.Hub?.Invoke(services) ?? HubOptions.FromEnvironment();
            using var downloader = setup.HubHttpClient is { } client ? new HubDownloader(client(services), hub) : new HubDownloader(hub);
            folder = downloader.DownloadModelAsync(options.ModelId, options.Variants, options.Revision ?? "main").GetAwaiter().GetResult();
        }

        // The host's logging, unless the registration chose a logger factory of its own.
        return Florence2Model.Load(folder!, options, services.GetService<ILoggerFactory>(), CancellationToken.None);
    }
}
