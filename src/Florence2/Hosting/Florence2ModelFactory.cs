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
        var failures = new List<string>();
        var modelOptions = Florence2OptionsConverter.Convert(options, name, failures)
            ?? throw new OptionsValidationException(name, typeof(Florence2Options), failures);
        var customization = services.GetRequiredService<IOptionsMonitor<ModelOptionsCustomization>>().Get(name);
        foreach (var step in customization.Steps)
        {
            modelOptions = step(modelOptions, services)
                ?? throw new InvalidOperationException($"A ConfigureModel callback of the Florence-2 registration '{name}' returned null; return the options (changed or not).");
        }

        // The host's logging, unless a ConfigureModel callback chose a logger factory of its own.
        if (modelOptions.LoggerFactory is null && services.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            modelOptions = modelOptions with { LoggerFactory = loggerFactory };
        }

        var folder = options.ModelPath;
        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            // DI factories are synchronous; the download happens once, when the singleton is first resolved.
            var hub = customization.Hub?.Invoke(services) ?? HubOptions.FromEnvironment();
            using var downloader = customization.HubHttpClient is { } client ? new HubDownloader(client(services), hub) : new HubDownloader(hub);
            folder = downloader.DownloadModelAsync(options.ModelId, modelOptions, options.Revision ?? "main").GetAwaiter().GetResult();
        }

        return Florence2Model.Load(folder!, modelOptions);
    }
}
