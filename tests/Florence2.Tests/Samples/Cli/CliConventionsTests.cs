using System.Reflection;
using System.Text.Json;
using Florence2.Cli;

namespace Florence2.Tests.Samples.Cli;

/// <summary>
/// The command-line habits people bring from other tools (System.CommandLine's): --opt=value, "--" before operands,
/// --version, a usage error for a bare invocation, suggestions for typos; and the edge cases of issue 16.
/// </summary>
public sealed class CliConventionsTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    [Fact]
    public async Task An_option_value_can_follow_an_equals_sign()
    {
        var run = await CliRun.Of("detect", files.Image, $"--model={files.Detector.Path}", "--json", "--min-score=0.5");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("car", JsonDocument.Parse(run.Stdout).RootElement.GetProperty("result").GetProperty("boxes")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task After_a_double_dash_an_argument_that_looks_like_an_option_is_an_image()
    {
        // A file in the current folder whose name starts with "--".
        var name = $"--json-{Guid.NewGuid():N}.png";
        File.Copy(files.Image, name);
        try
        {
            var refused = await CliRun.Of("detect", "--model", files.Detector.Path, name);
            var run = await CliRun.Of("detect", "--model", files.Detector.Path, "--json", "--", name, "--missing.png");

            Assert.Equal(2, refused.ExitCode);
            Assert.StartsWith($"usage error: Unrecognized command or argument '{name}'.", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("The image '--missing.png' does not exist.", run.Stderr, StringComparison.Ordinal);
            var ok = await CliRun.Of("detect", "--model", files.Detector.Path, "--json", "--", name);
            Assert.Equal(0, ok.ExitCode);
            Assert.Equal(name, JsonDocument.Parse(ok.Stdout).RootElement.GetProperty("image").GetString());
        }
        finally
        {
            File.Delete(name);
        }
    }

    [Fact]
    public async Task Version_prints_the_tool_version_and_exits_0()
    {
        var run = await CliRun.Of("--version");

        var expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.Stdout.Trim());
    }

    [Fact]
    public async Task A_bare_invocation_is_a_usage_error()
    {
        var run = await CliRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("see florence2 --help", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("--modle", "--model")]
    [InlineData("--anotate", "--annotate")]
    public async Task A_misspelt_option_gets_a_suggestion(string typo, string meant)
    {
        var run = await CliRun.Of("detect", files.Image, typo, "x");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"usage error: Unrecognized command or argument '{typo}'.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Did you mean one of the following?{Environment.NewLine}{meant}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_command_gets_a_suggestion()
    {
        var run = await CliRun.Of("detet", files.Image);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Did you mean one of the following?{Environment.NewLine}detect", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_of_another_command_is_named_as_such()
    {
        var run = await CliRun.Of("detect", files.Image, "--detail", "brief");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--detail goes with 'caption', not with 'detect'.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Annotating_several_images_to_an_image_file_name_is_a_usage_error_and_creates_nothing()
    {
        var output = files.NewPath("x.png");

        var run = await CliRun.Of("detect", files.Images, "--model", files.Detector.Path, "--annotate", output);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"usage error: --annotate '{output}' names an image file, but 2 images give 2 pictures.", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.False(File.Exists(output));
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Max_new_tokens_above_the_models_limit_is_a_usage_error_naming_the_limit()
    {
        var run = await CliRun.Of("detect", files.Image, "--model", files.Detector.Path, "--max-new-tokens", "99999");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage error: --max-new-tokens 99999 is above this model's limit", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("--num-beams", "65", "--num-beams needs a whole number from 1 to 64, got '65'.")]
    [InlineData("--num-beams", "2147483648", "--num-beams needs a whole number from 1 to 64, got '2147483648'.")]
    [InlineData("--max-new-tokens", "0", "--max-new-tokens needs a whole number of 1 or more, got '0'.")]
    [InlineData("--max-new-tokens", "99999999999", "--max-new-tokens needs a whole number of 1 or more, got '99999999999'.")]
    [InlineData("--max-new-tokens", "1e3", "--max-new-tokens needs a whole number of 1 or more, got '1e3'.")]
    [InlineData("--min-score", "NaN", "--min-score needs a number from 0 to 1, got 'NaN'.")]
    [InlineData("--min-score", "-0.1", "--min-score needs a number from 0 to 1, got '-0.1'.")]
    public async Task Numeric_options_out_of_range_are_usage_errors_naming_the_range(string option, string value, string message)
    {
        var run = await CliRun.Of("detect", files.Image, "--model", files.Detector.Path, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"usage error: {message}", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2,3")]
    [InlineData("1,2,3,Infinity")]
    [InlineData("10,10,5,20")]
    [InlineData("10,10,20,10")]
    public async Task A_region_that_is_malformed_inverted_or_empty_is_a_usage_error(string region)
    {
        var run = await CliRun.Of("region", files.Image, "--model", files.Detector.Path, "--region", region);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage error: --region needs ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_path_that_does_not_exist_fails_at_once_naming_the_folder()
    {
        var run = await CliRun.Of("detect", files.Image, "--model", "./no-such-model-folder");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: The model folder './no-such-model-folder' does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not a valid Hub id", run.Stderr, StringComparison.Ordinal);
    }
}
