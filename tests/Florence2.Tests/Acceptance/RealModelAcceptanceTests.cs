using Xunit.Abstractions;

namespace Florence2.Tests.Acceptance;

/// <summary>
/// The acceptance suite for real weights: runs only when <c>FLORENCE2_ACCEPTANCE_MODELS</c> names model folders
/// (skipped with that reason otherwise). A release runs it on Florence-2-base, -base-ft, -large and -large-ft
/// (docs/releasing.md). Every test writes its answers to <c>FLORENCE2_ACCEPTANCE_OUTPUT</c> (default
/// <c>artifacts/acceptance</c>) as JSON and Markdown for review, findings included, before it asserts.
/// </summary>
[Trait("Category", "Acceptance")]
public sealed class RealModelAcceptanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models() => AcceptanceEnvironment.Models();

    [AcceptanceTheory]
    [MemberData(nameof(Models))]
    public void Every_task_on_the_sample_images_gives_answers_that_hold(string modelFolder) =>
        Verify(AcceptanceChecks.EveryTask(modelFolder, AcceptanceEnvironment.SampleImages));

    [AcceptanceTheory]
    [MemberData(nameof(Models))]
    public void Greedy_and_beam_search_agree_on_short_answers(string modelFolder) =>
        Verify(AcceptanceChecks.GreedyAndBeams(modelFolder, AcceptanceEnvironment.SampleImages));

    [AcceptanceTheory]
    [MemberData(nameof(Models))]
    public void Fp32_and_each_variant_present_agree_on_the_detection_labels(string modelFolder) =>
        Verify(AcceptanceChecks.VariantsAgreeOnDetectionLabels(modelFolder, AcceptanceEnvironment.SampleImages));

    [AcceptanceTheory(requiresCuda: true)]
    [MemberData(nameof(Models))]
    public void Cpu_and_cuda_give_the_same_tokens(string modelFolder) =>
        Verify(AcceptanceChecks.CpuAndCudaAgree(modelFolder, AcceptanceEnvironment.SampleImages, AcceptanceEnvironment.CudaDevice!.Value));

    private void Verify(AcceptanceRun run)
    {
        var (json, markdown) = run.Write(AcceptanceEnvironment.OutputFolder);
        output.WriteLine($"{run.Answers.Count} answers recorded in {markdown} and {json}");
        Assert.True(run.Findings.Count == 0, $"{run.Findings.Count} finding(s) on {run.ModelFolder} (record: {markdown}):\n" + string.Join('\n', run.Findings));
    }
}
