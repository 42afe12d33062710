using Florence2.Samples.Json;

namespace Florence2.WebApi;

/// <summary>Builds the web API; Program.cs runs it, the tests start it on a loopback port.</summary>
public static class Florence2WebApp
{
    /// <summary>
    /// Builds the app: the model registered with <c>AddFlorence2</c> from the <c>Florence2</c> configuration section
    /// (validated and loaded when the app starts), its readiness check, problem details for errors, the OpenAPI document
    /// at <c>/openapi/v1.json</c>, the health endpoints and the <c>/v1</c> endpoints.
    /// </summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Florence2:ModelPath=...</c>, <c>--urls=...</c>).</param>
    /// <param name="model">A model to serve instead of the configured one (a test double); the caller keeps ownership.</param>
    public static WebApplication Build(string[] args, IFlorence2Model? model = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var health = builder.Services.AddHealthChecks();
        if (model is null)
        {
            // Loaded before the app takes requests, so the first request costs no load and a bad model stops the start.
            builder.Services.AddFlorence2(builder.Configuration.GetSection("Florence2")).UseSkiaSharp().LoadOnStartup();
            health.AddFlorence2(tags: [HealthEndpoints.ReadyTag]);
        }
        else
        {
            builder.Services.AddSingleton(model);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(openApi => openApi.AddOperationTransformer(ImageRequestBody.Describe));
        // Results are written through the source-generated contract (docs/json.md); no reflection, no named floating-point literals.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ResultJsonContext.Default));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapTaskEndpoints();
        return app;
    }
}
