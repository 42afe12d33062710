using System.Text.Json.Serialization;

namespace Florence2.WebApi;

/// <summary>Builds the web API; Program.cs runs it, the tests start it on a loopback port.</summary>
public static class Florence2WebApp
{
    /// <summary>
    /// Builds the app: the model registered with <c>AddFlorence2</c> from the <c>Florence2</c> configuration section
    /// (validated when the app starts), problem details for errors, and the <c>/v1</c> endpoints.
    /// </summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Florence2:ModelPath=...</c>, <c>--urls=...</c>).</param>
    /// <param name="model">A model to serve instead of the configured one (a test double); the caller keeps ownership.</param>
    public static WebApplication Build(string[] args, IFlorence2Model? model = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (model is null)
        {
            builder.Services.AddFlorence2(builder.Configuration.GetSection("Florence2")).UseImageSharp();
        }
        else
        {
            builder.Services.AddSingleton(model);
        }

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // Log-probabilities can be -Infinity; plain JSON has no literal for it.
            json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapTaskEndpoints();
        return app;
    }
}
