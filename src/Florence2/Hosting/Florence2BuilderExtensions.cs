using Florence2;
using Florence2.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Code-only settings for a Florence-2 registration.</summary>
public static class Florence2BuilderExtensions
{
    /// <summary>Changes this registration's bindable options after configuration binding (for example a path computed at run time).</summary>
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
    /// Adjusts the <see cref="Florence2ModelOptions"/> built from the validated options, for settings configuration
    /// cannot express: <see cref="Florence2ModelOptions.ConfigureSession"/>,
    /// <see cref="Florence2ModelOptions.ModuleExecutionProviders"/>, <see cref="Florence2ModelOptions.LocationTokenParser"/>.
    /// Callbacks run in registration order, just before the model loads.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configure">Returns the options to load with, e.g. <c>o =&gt; o with { ConfigureSession = ... }</c>.</param>
    /// <returns>The same builder.</returns>
    public static IFlorence2Builder ConfigureModel(this IFlorence2Builder builder, Func<Florence2ModelOptions, Florence2ModelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureModel((options, _) => configure(options));
    }

    /// <summary>
    /// Adjusts the <see cref="Florence2ModelOptions"/> built from the validated options, with access to the
    /// container (for example a parser or logger registered there). See
    /// <see cref="ConfigureModel(IFlorence2Builder, Func{Florence2ModelOptions, Florence2ModelOptions})"/>.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <param name="configure">Returns the options to load with.</param>
    /// <returns>The same builder.</returns>
    public static IFlorence2Builder ConfigureModel(this IFlorence2Builder builder, Func<Florence2ModelOptions, IServiceProvider, Florence2ModelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure<ModelOptionsCustomization>(builder.Name, c => c.Steps.Add(configure));
        return builder;
    }
}
