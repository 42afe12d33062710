using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Acceptance;

/// <summary>
/// The acceptance checks themselves, on a tiny scripted model (the real export layout, not real weights) with an fp16
/// variant. Its decoder gives one answer, a box, whatever the task: the checks must pass it where a box is a sound
/// answer and name the tasks where it is not (OCR regions need 8 locations, polygons 3 points).
/// </summary>
public sealed class AcceptanceChecksOnTinyModelTests : IDisposable
{
    private const string Answer = "car<loc_183><loc_391><loc_817><loc_860>";

    private readonly TempModelFolder _model = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Answer), WriteFp16Variants = true });
    private readonly TempDirectory _output = new();

    [Fact]
    public void Every_task_runs_on_the_sample_images_and_only_the_tasks_a_box_cannot_answer_are_findings()
    {
        var run = AcceptanceChecks.EveryTask(_model.Path, [RepositoryFiles.Path("samples/images/car.jpg")]);

        Assert.Equal(15, run.Answers.Count);
        Assert.All(run.Answers, a => Assert.Equal("</s><s>" + Answer + "</s>", a.RawText));
        var car = Assert.Single(run.Answers, a => a.Task == "<OD>");
        Assert.Equal("car [117.44,187.92,523.2,413.04] 1.00", car.Parsed);
        // A box is no answer to the OCR with regions (8 locations a line) nor to the two polygon tasks (3 points at least).
        Assert.Equal(
        [
            "car.jpg <OCR_WITH_REGION>: the answer has 4 location tokens but the parsed result uses 0: the parser dropped part of it.",
            "car.jpg <REFERRING_EXPRESSION_SEGMENTATION> car: a polygon of '' has 2 points.",
            "car.jpg <REGION_TO_SEGMENTATION> 117.44,187.92,523.2,413.04: a polygon of '' has 2 points.",
        ], run.Findings);
    }

    [Fact]
    public void Greedy_beams_and_the_fp16_variant_agree_and_the_record_is_written()
    {
        var images = AcceptanceEnvironment.SampleImages;

        var beams = AcceptanceChecks.GreedyAndBeams(_model.Path, images);
        var variants = AcceptanceChecks.VariantsAgreeOnDetectionLabels(_model.Path, images);

        Assert.Empty(beams.Findings);
        Assert.Empty(variants.Findings);
        Assert.Equal([ModelVariant.Fp16], AcceptanceChecks.VariantsPresent(_model.Path));
        Assert.Equal(["fp32 cpu beams=default", "fp16 cpu beams=default"], variants.Answers.Select(a => a.Setting));
        var (json, markdown) = variants.Write(_output.Path);
        Assert.Contains("\"findings\": []", File.ReadAllText(json), StringComparison.Ordinal);
        Assert.Contains("All checks held.", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.Contains("| `car.jpg` | `<OD>` | `fp16 cpu beams=default` | `</s><s>car<loc_183>", File.ReadAllText(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_variants_is_a_finding_not_a_silent_pass()
    {
        using var fp32Only = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Answer) });

        var run = AcceptanceChecks.VariantsAgreeOnDetectionLabels(fp32Only.Path, AcceptanceEnvironment.SampleImages);

        Assert.Contains(run.Findings, f => f.StartsWith("The folder has no variant besides fp32", StringComparison.Ordinal));
    }

    [Fact]
    public void Greedy_and_beams_that_differ_on_a_short_answer_are_a_finding()
    {
        // The weak script of OnnxTextDecoderTests: the bias only favours it, and beams then end apart from greedy.
        using var weak = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a dog on a red sofa"), ScriptBias = 27f, Seed = 15 });

        var run = AcceptanceChecks.GreedyAndBeams(weak.Path, AcceptanceEnvironment.SampleImages);

        Assert.Contains(run.Findings, f => f.Contains("greedy answers", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _model.Dispose();
        _output.Dispose();
    }
}
