using System.Globalization;
using System.Text.Json;
using Florence2.Tests.Samples.Cli;
using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Samples.Json;

/// <summary>
/// The CLI's --json output for every command and every task token, checked against docs/florence2-result.schema.json.
/// The model answers <c>car</c> and eight location tokens whatever the task, which every parser can read: two boxes, a
/// quad or a polygon.
/// </summary>
public sealed class CliJsonSchemaTests(CliJsonSchemaTests.Files files) : IClassFixture<CliJsonSchemaTests.Files>
{
    public sealed class Files : IDisposable
    {
        public Files()
        {
            Model = new TempModelFolder(new TinyModelOptions
            {
                Script = TestModelFolder.ScriptFor("car<loc_100><loc_200><loc_500><loc_200><loc_500><loc_600><loc_100><loc_600>"),
            });
            Image = Path.Combine(Path.GetTempPath(), $"florence2-json-{Guid.NewGuid():N}.png");
            File.WriteAllBytes(Image, TestImages.Png(CliTestFiles.Width, CliTestFiles.Height));
        }

        public TempModelFolder Model { get; }

        public string Image { get; }

        public void Dispose()
        {
            Model.Dispose();
            File.Delete(Image);
        }
    }

    public static TheoryData<string[]> Commands() => new()
    {
        new[] { "caption" },
        new[] { "caption", "--detail", "paragraph" },
        new[] { "ocr" },
        new[] { "ocr", "--regions" },
        new[] { "detect" },
        new[] { "dense-caption" },
        new[] { "propose" },
        new[] { "ground", "--caption", TaskInputs.Text },
        new[] { "segment", "--expression", TaskInputs.Text },
        new[] { "segment", "--region", TaskInputs.RegionQuery },
        new[] { "find", "--name", "car" },
        new[] { "region", "--region", TaskInputs.RegionQuery },
        new[] { "region", "--region", TaskInputs.RegionQuery, "--category" },
        new[] { "region", "--region", TaskInputs.RegionQuery, "--ocr" },
        new[] { "prompt", "--task", "<DocVQA>", "--text", "what car?" },
        new[] { "prompt", "--task", "<DocVQA>", "--kind", "ocr" },
        new[] { "prompt", "--task", "<DocVQA>", "--kind", "boxes-or-polygons" },
    };

    public static TheoryData<string> Tokens() => [.. TaskInputs.Tokens];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_writes_json_that_matches_the_schema(string[] command)
    {
        var run = await CliRun.Of([.. command, files.Image, "--model", files.Model.Path, "--json"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        ResultSchema.AssertValid(run.Stdout.Trim(), string.Join(' ', command));
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task Run_json_for_every_task_token_matches_the_schema(string token)
    {
        var (text, region) = TaskInputs.For(token);
        List<string> args = ["run", "--image", files.Image, "--model", files.Model.Path, "--task", token, "--json"];
        if (text is not null)
        {
            args.AddRange(["--text", text]);
        }

        if (region is { } r)
        {
            args.AddRange(["--region", string.Create(CultureInfo.InvariantCulture, $"{r.X1},{r.Y1},{r.X2},{r.Y2}")]);
        }

        var run = await CliRun.Of([.. args]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        ResultSchema.AssertValid(run.Stdout.Trim(), token);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(token, json.RootElement.GetProperty("task").GetString());
        Assert.True(json.RootElement.TryGetProperty("generation", out _), "run --json adds the generation details");
    }

    [Fact]
    public async Task The_tasks_together_use_every_shape_of_the_contract()
    {
        var kinds = new HashSet<string>();
        foreach (var token in TaskInputs.Tokens)
        {
            var (text, region) = TaskInputs.For(token);
            List<string> args = ["run", "--image", files.Image, "--model", files.Model.Path, "--task", token, "--json"];
            if (text is not null)
            {
                args.AddRange(["--text", text]);
            }

            if (region is not null)
            {
                args.AddRange(["--region", TaskInputs.RegionQuery]);
            }

            var run = await CliRun.Of([.. args]);
            using var json = JsonDocument.Parse(run.Stdout);
            kinds.Add(json.RootElement.GetProperty("result").GetProperty("kind").GetString()!);
        }

        Assert.Equal(["boxes", "polygons", "quads", "regionText", "text"], kinds.Order(StringComparer.Ordinal));
    }
}
