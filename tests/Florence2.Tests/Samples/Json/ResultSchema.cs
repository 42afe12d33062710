using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Florence2.Tests.Samples.Json;

/// <summary>docs/florence2-result.schema.json, loaded once, and an assertion that names every failing keyword.</summary>
internal static class ResultSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Docs", "florence2-result.schema.json")));

    public static EvaluationResults Evaluate(string json) =>
        Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

    public static void AssertValid(string json, string what)
    {
        var results = Evaluate(json);
        Assert.True(results.IsValid, $"{what} does not match the schema:\n{json}\n{Errors(results)}");
    }

    private static string Errors(EvaluationResults results) => string.Join('\n', results.Details
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));
}
