namespace Florence2.Hosting;

/// <summary>
/// The code-only adjustments of one registration (<c>IFlorence2Builder.ConfigureModel</c>), kept as named options so
/// that each keyed model has its own list.
/// </summary>
internal sealed class ModelOptionsCustomization
{
    /// <summary>Applied in registration order to the options converted from <see cref="Florence2Options"/>.</summary>
    public List<Func<Florence2ModelOptions, IServiceProvider, Florence2ModelOptions>> Steps { get; } = [];

    /// <summary>Supplies the Hub settings (<c>UseHub</c>); null reads the environment.</summary>
    public Func<IServiceProvider, HubOptions>? Hub { get; set; }

    /// <summary>Supplies the <see cref="HttpClient"/> for Hub downloads (<c>UseHub</c>); null lets the downloader own one.</summary>
    public Func<IServiceProvider, HttpClient>? HubHttpClient { get; set; }
}
