using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Florence2.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Florence2.Tests.Samples.WebApi;

/// <summary>What the web sample offers around its tasks: the OpenAPI document, health endpoints, load at start, and problem details.</summary>
public sealed class WebApiServiceTests(WebApiTests.ScriptedServer server) : IClassFixture<WebApiTests.ScriptedServer>
{
    private static readonly byte[] Png = TestImages.Png(64, 48);

    [Fact]
    public async Task The_openapi_document_lists_the_task_endpoints_and_the_result_schema()
    {
        using var response = await server.Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = json.RootElement.GetProperty("paths");
        Assert.Equal(["/v1/tasks", "/v1/{operation}"], paths.EnumerateObject().Select(p => p.Name).Where(p => p.StartsWith("/v1/", StringComparison.Ordinal)));
        foreach (var path in new[] { "/v1/tasks", "/v1/{operation}" })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            Assert.True(post.GetProperty("responses").TryGetProperty("200", out _), path);
            Assert.True(post.GetProperty("responses").TryGetProperty("415", out _), path);
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("image/png", out _), path);
        }

        Assert.True(json.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty("ResultEnvelope", out _));
    }

    [Fact]
    public async Task The_model_loads_at_start_so_readiness_is_healthy_before_any_request()
    {
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor("car") });
        await using var app = await RunningWebApp.StartAsync([$"--Florence2:ModelPath={folder.Path}", "--Florence2:Session:IntraOpNumThreads=1"]);

        // Without LoadOnStartup the library's check says "not ready" (503) until the first request loads the model.
        using var ready = await app.Client.GetAsync(HealthEndpoints.Ready);
        using var live = await app.Client.GetAsync(HealthEndpoints.Live);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public void The_configured_model_decodes_image_files_with_skia_sharp()
    {
        var options = server.Services.GetRequiredService<IOptionsMonitor<Florence2Options>>().Get(Options.DefaultName);

        Assert.IsType<SkiaSharpImageDecoder>(options.ImageDecoder);
    }

    [Fact]
    public async Task Readiness_runs_the_library_check_and_liveness_runs_none()
    {
        var options = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value;

        var check = Assert.Single(options.Registrations);
        Assert.Equal("florence2", check.Name);
        Assert.Equal([HealthEndpoints.ReadyTag], check.Tags);
        using var live = await server.Client.GetAsync(HealthEndpoints.Live);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_an_image_is_a_415_titled_unsupported_media_type()
    {
        using var content = new StringContent("hello");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        using var response = await server.Client.PostAsync("/v1/detect-objects", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unsupported Media Type", json.RootElement.GetProperty("title").GetString());
        Assert.Equal(415, json.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Content-Type 'text/plain", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("numBeams=0", "NumBeams")]
    [InlineData("maxNewTokens=0", "MaxNewTokens")]
    public async Task Bad_generation_settings_are_a_400_that_names_the_setting_but_no_dotnet_parameter(string query, string setting)
    {
        using var content = new ByteArrayContent(Png);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        using var response = await server.Client.PostAsync($"/v1/detect-objects?{query}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(setting, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", detail, StringComparison.Ordinal);
    }
}
