using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.Options;

namespace Florence2.Tests.Samples.WebApi;

/// <summary>
/// The web sample on a real Kestrel server, serving a tiny model scripted to answer
/// <c>car&lt;loc_53&gt;&lt;loc_333&gt;&lt;loc_933&gt;&lt;loc_774&gt;</c> whatever the task.
/// </summary>
public sealed class WebApiTests(WebApiTests.ScriptedServer server) : IClassFixture<WebApiTests.ScriptedServer>
{
    private const int Width = 640;
    private const int Height = 480;
    private static readonly byte[] Png = TestImages.Png(Width, Height);

    /// <summary>One server for the class: the model loads once, on the first request.</summary>
    public sealed class ScriptedServer : IAsyncLifetime, IDisposable
    {
        private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor("car<loc_53><loc_333><loc_933><loc_774>") });
        private RunningWebApp? _app;

        public HttpClient Client => _app!.Client;

        public IServiceProvider Services => _app!.Services;

        public async Task InitializeAsync() => _app = await RunningWebApp.StartAsync([$"--Florence2:ModelPath={_folder.Path}", "--Florence2:Session:IntraOpNumThreads=1"]);

        public async Task DisposeAsync() => await _app!.DisposeAsync();

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public async Task Detect_objects_answers_with_the_typed_result_in_image_pixels()
    {
        using var response = await server.Client.PostAsync("/v1/detect-objects", Image(Png, "image/png"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await Json(response);
        var detection = Assert.Single(json.RootElement.GetProperty("result").GetProperty("boxes").EnumerateArray());
        Assert.Equal("car", detection.GetProperty("label").GetString());
        AssertBox(detection.GetProperty("box"), 53, 333, 933, 774);
        Assert.Equal(Width, json.RootElement.GetProperty("imageWidth").GetInt32());
        Assert.Equal(Height, json.RootElement.GetProperty("imageHeight").GetInt32());
        Assert.Equal("<OD>", json.RootElement.GetProperty("task").GetString());
        Assert.False(json.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Contains("<loc_53>", json.RootElement.GetProperty("rawText").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_general_endpoint_takes_a_task_token_and_a_multipart_image()
    {
        using var form = new MultipartFormDataContent { { Image(Png, "image/png"), "image", "photo.png" } };
        using var response = await server.Client.PostAsync("/v1/tasks?task=%3COD%3E", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await Json(response);
        AssertBox(json.RootElement.GetProperty("result").GetProperty("boxes")[0].GetProperty("box"), 53, 333, 933, 774);
    }

    [Fact]
    public async Task A_region_task_takes_the_region_in_pixels()
    {
        using var response = await server.Client.PostAsync("/v1/classify-region?region=40,150,600,380", Image(Png, "application/octet-stream"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await Json(response);
        var result = json.RootElement.GetProperty("result");
        Assert.Equal("regionText", result.GetProperty("kind").GetString());
        Assert.Equal("car", result.GetProperty("text").GetString());
        Assert.Equal([40.0, 150.0, 600.0, 380.0], result.GetProperty("region").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public async Task A_corrupt_image_is_a_400_problem()
    {
        using var response = await server.Client.PostAsync("/v1/detect-objects", Image([0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4], "image/png"));

        await AssertProblem(response, HttpStatusCode.BadRequest, "Invalid image");
    }

    [Fact]
    public async Task Text_for_a_task_without_text_is_a_400_problem()
    {
        using var response = await server.Client.PostAsync("/v1/tasks?task=%3COD%3E&text=a%20car", Image(Png, "image/png"));

        var detail = await AssertProblem(response, HttpStatusCode.BadRequest, "Invalid task input");
        Assert.Contains("takes no text", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_region_outside_the_image_is_a_400_problem_naming_the_problem()
    {
        using var response = await server.Client.PostAsync("/v1/segment-region?region=-1,0,20,100", Image(Png, "image/png"));

        await AssertProblem(response, HttpStatusCode.BadRequest, "Invalid region");
    }

    [Theory]
    [InlineData("/v1/detect-objects", "", "image/png", HttpStatusCode.BadRequest, "no image")]
    [InlineData("/v1/detect-objects", "hello", "text/plain", HttpStatusCode.UnsupportedMediaType, "is not an image")]
    [InlineData("/v1/tasks", "x", "image/png", HttpStatusCode.BadRequest, "'task' is missing")]
    [InlineData("/v1/caption?detail=huge", "x", "image/png", HttpStatusCode.BadRequest, "'detail' is 'huge'")]
    [InlineData("/v1/describe-region?region=1,2,3", "x", "image/png", HttpStatusCode.BadRequest, "'region' is '1,2,3'")]
    [InlineData("/v1/detect-objects?region=1,2,3,4", "x", "image/png", HttpStatusCode.BadRequest, "only goes with the region tasks")]
    [InlineData("/v1/paint-picture", "x", "image/png", HttpStatusCode.NotFound, "no operation 'paint-picture'")]
    [InlineData("/v1/detect-objects", "not a multipart body", "multipart/form-data; boundary=xyz", HttpStatusCode.BadRequest, "multipart body is malformed")]
    [InlineData("/v1/detect-objects", "--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nab", "multipart/form-data; boundary=xyz", HttpStatusCode.BadRequest, "multipart body is malformed")]
    [InlineData("/v1/detect-objects", "x", "multipart/form-data", HttpStatusCode.BadRequest, "multipart body is malformed")]
    public async Task Malformed_requests_are_problems_that_say_what_is_wrong(string path, string body, string contentType, HttpStatusCode status, string expected)
    {
        using var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await server.Client.PostAsync(path, content);

        var detail = await AssertProblem(response, status, title: null);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_model_setting_stops_the_app_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RunningWebApp.StartAsync(["--Florence2:ModelPath=/no/such/florence2/folder", "--Florence2:ExecutionProviders:0=Tpu"]));

        Assert.Contains(error.Failures, f => f.Contains("ModelPath '/no/such/florence2/folder'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'ExecutionProviders:0' is 'Tpu'", StringComparison.Ordinal));
    }

    private static ByteArrayContent Image(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static async Task<JsonDocument> Json(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        if (title is not null)
        {
            Assert.Equal(title, json.RootElement.GetProperty("title").GetString());
        }

        return json.RootElement.GetProperty("detail").GetString()!;
    }

    private static void AssertBox(JsonElement box, int x1, int y1, int x2, int y2)
    {
        static float Px(int bin, int size) => (bin + 0.5f) / 1000f * size;
        Assert.Equal(4, box.GetArrayLength());
        Assert.Equal(Px(x1, Width), box[0].GetSingle(), 3);
        Assert.Equal(Px(y1, Height), box[1].GetSingle(), 3);
        Assert.Equal(Px(x2, Width), box[2].GetSingle(), 3);
        Assert.Equal(Px(y2, Height), box[3].GetSingle(), 3);
    }
}
