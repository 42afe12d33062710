using Florence2;
using Florence2.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Florence-2 models in a service collection: <see cref="IFlorence2Model"/> and <see cref="Florence2Model"/>
/// as one singleton, from validated <see cref="Florence2Options"/>, disposed with the container. A model loads when the
/// host starts with <see cref="Florence2BuilderExtensions.LoadOnStartup"/> (recommended for services, required for a
/// Hub <see cref="Florence2Options.ModelId"/>), else when first resolved.
/// </summary>
public static class Florence2ServiceCollectionExtensions
{
    /// <summary>Registers the model with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="Florence2Options.ModelPath"/> or <see cref="Florence2Options.ModelId"/> is required.</param>
    /// <returns>A builder for code-only settings.</returns>
    public static IFlorence2Builder AddFlorence2(this IServiceCollection services, Action<Florence2Options> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, serviceKey: null, options => options.Configure(configure));
    }

    /// <summary>Registers the model with options bound from a configuration section (for example <c>configuration.GetSection("Florence2")</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section whose keys are <see cref="Florence2Options"/>' property names.</param>
    /// <returns>A builder for code-only settings.</returns>
    public static IFlorence2Builder AddFlorence2(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, serviceKey: null, options => BindChecked(options, configuration));
    }

    /// <summary>
    /// Registers a model under <paramref name="serviceKey"/> (resolve it with <c>[FromKeyedServices(key)]</c> or
    /// <c>GetRequiredKeyedService</c>), with options set in code. Several keys give several models side by side.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key; its text (invariant culture) names the registration's options.</param>
    /// <param name="configure">Sets the options; <see cref="Florence2Options.ModelPath"/> is required.</param>
    /// <returns>A builder for code-only settings.</returns>
    public static IFlorence2Builder AddKeyedFlorence2(this IServiceCollection services, object serviceKey, Action<Florence2Options> configure)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, serviceKey, options => options.Configure(configure));
    }

    /// <summary>Registers a model under <paramref name="serviceKey"/> with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key; its text (invariant culture) names the registration's options.</param>
    /// <param name="configuration">The section whose keys are <see cref="Florence2Options"/>' property names.</param>
    /// <returns>A builder for code-only settings.</returns>
    public static IFlorence2Builder AddKeyedFlorence2(this IServiceCollection services, object serviceKey, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, serviceKey, options => BindChecked(options, configuration));
    }

    private static Florence2Builder Add(IServiceCollection services, object? serviceKey, Action<OptionsBuilder<Florence2Options>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        string name = RegistrationName.Of(serviceKey);
        var options = services.AddOptions<Florence2Options>(name);
        configure(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Florence2Options>, Florence2OptionsValidator>());

        // One loader per registration holds the load (at start or on first use); the container disposes the model it
        // resolved and the loader, and a second dispose of the model is a no-op. IFlorence2Model forwards to the same instance.
        services.TryAddKeyedSingleton(name, (sp, _) => new Florence2ModelLoader(sp, name));
        if (serviceKey is null)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<Florence2ModelLoader>(name).Resolve());
            services.TryAddSingleton<IFlorence2Model>(sp => sp.GetRequiredService<Florence2Model>());
        }
        else
        {
            services.TryAddKeyedSingleton(serviceKey, (sp, _) => sp.GetRequiredKeyedService<Florence2ModelLoader>(name).Resolve());
            services.TryAddKeyedSingleton<IFlorence2Model>(serviceKey, (sp, key) => sp.GetRequiredKeyedService<Florence2Model>(key));
        }

        return new Florence2Builder(services, name, serviceKey);
    }

    /// <summary>
    /// Checks the section key by key before binding: an unknown key or a value of the wrong type is reported by options
    /// validation (when the host starts, or when the model is resolved) with every other bad setting, and the keys
    /// at fault are left out of the binding so that the binder cannot stop at the first one.
    /// </summary>
    private static void BindChecked(OptionsBuilder<Florence2Options> options, IConfiguration configuration)
    {
        options.Services.AddOptions<ConfigurationProblems>(options.Name)
            .Configure(p => p.Messages.AddRange(ConfigurationCheck.Problems(configuration, typeof(Florence2Options))));
        options.Configure(o => ConfigurationCheck.WithoutProblems(configuration, typeof(Florence2Options)).Bind(o));
    }

}
