using System.Net;
using System.Net.Http.Headers;
using Florence2.Tests.Samples.WebApi;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Florence2.WebApi;

namespace Florence2.Tests.Samples.Json;

/// <summary>The web sample's answers for every operation and every task token, checked against docs/florence2-result.schema.json.</summary>
public sealed class WebJsonSchemaTests(WebJsonSchemaTests.Server server) : IClassFixture<WebJsonSchemaTests.Server>
{
    private static readonly byte[] Png = TestImages.Png(640, 480);

    /// <summary>The web sample serving a model that answers <c>car</c> and eight location tokens whatever the task.</summary>
    public sealed class Server : IAsyncLifetime, IDisposable
    {
        private readonly TempModelFolder _folder = new(new TinyModelOptions
        {
            Script = TestModelFolder.ScriptFor("car<loc_100><loc_200><loc_500><loc_200><loc_500><loc_600><loc_100><loc_600>"),
        });

        private RunningWebApp? _app;

        public HttpClient Client => _app!.Client;

        public async Task InitializeAsync() => _app = await RunningWebApp.StartAsync([$"--Florence2:ModelPath={_folder.Path}", "--Florence2:Session:IntraOpNumThreads=1"]);

        public async Task DisposeAsync() => await _app!.DisposeAsync();

        public void Dispose() => _folder.Dispose();
    }

    public static TheoryData<string> OperationNames() => [.. Operations.Names];

    public static TheoryData<string> Tokens() => [.. TaskInputs.Tokens];

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task Every_operation_answers_json_that_matches_the_schema(string operation)
    {
        Operations.TryGetTask(operation, out var taskFor);
        var (text, region) = TaskInputs.For(taskFor!(TaskQuery.Parse(new Microsoft.AspNetCore.Http.QueryCollection())));
        using var response = await server.Client.PostAsync($"/v1/{operation}{Query(text, region)}", Image());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        ResultSchema.AssertValid(body, operation);
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task Every_task_token_answers_json_that_matches_the_schema(string token)
    {
        var (text, region) = TaskInputs.For(token);
        var query = Query(text, region);
        using var response = await server.Client.PostAsync($"/v1/tasks{(query.Length == 0 ? "?" : query + "&")}task={Uri.EscapeDataString(token)}", Image());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        ResultSchema.AssertValid(body, token);
        Assert.DoesNotContain("\"image\"", body, StringComparison.Ordinal);
    }

    private static string Query(string? text, BoundingBox? region) =>
        text is not null ? $"?text={Uri.EscapeDataString(text)}" : region is not null ? $"?region={TaskInputs.RegionQuery}" : "";

    private static ByteArrayContent Image()
    {
        var content = new ByteArrayContent(Png);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        return content;
    }
}
