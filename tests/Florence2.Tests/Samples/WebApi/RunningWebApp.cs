using Florence2.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Florence2.Tests.Samples.WebApi;

/// <summary>The web sample started on Kestrel on a free loopback port, with an HttpClient pointed at it.</summary>
internal sealed class RunningWebApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningWebApp(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>The app's services (health check registrations, options).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the app as Program.cs does, binds it to 127.0.0.1:0 and starts it.</summary>
    public static async Task<RunningWebApp> StartAsync(string[] args, IFlorence2Model? model = null)
    {
        var app = Florence2WebApp.Build([.. args, "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], model);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new RunningWebApp(app, new Uri(Assert.Single(addresses)));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
