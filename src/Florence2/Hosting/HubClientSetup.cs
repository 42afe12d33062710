namespace Florence2.Hosting;

/// <summary>How one registration downloads from the Hub (<c>UseHub</c>), kept as named options so that each keyed model has its own.</summary>
internal sealed class HubClientSetup
{
    /// <summary>Supplies the Hub settings; null reads the environment.</summary>
    public Func<IServiceProvider, HubOptions>? Hub { get; set; }

    /// <summary>Supplies the <see cref="HttpClient"/> for Hub downloads; null lets the downloader own one.</summary>
    public Func<IServiceProvider, HttpClient>? HubHttpClient { get; set; }
}
