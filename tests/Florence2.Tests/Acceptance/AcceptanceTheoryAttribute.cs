namespace Florence2.Tests.Acceptance;

/// <summary>
/// A theory over the real model folders of <see cref="AcceptanceEnvironment.ModelsVariable"/>, skipped with the reason
/// (shown by <c>dotnet test</c>) when none is given, so a normal test run lists the suite without running it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptanceTheoryAttribute : TheoryAttribute
{
    public AcceptanceTheoryAttribute(bool requiresCuda = false)
    {
        if (AcceptanceEnvironment.ModelFolders.Count == 0)
        {
            Skip = $"Acceptance on real weights: set {AcceptanceEnvironment.ModelsVariable} to folders of real Florence-2 models " +
                   "(separated by ';') to run it; see docs/releasing.md.";
        }
        else if (requiresCuda && AcceptanceEnvironment.CudaDevice is null)
        {
            Skip = $"CPU/CUDA comparison: set {AcceptanceEnvironment.CudaVariable} to a CUDA device id on a machine with a GPU, " +
                   "with the tests built on ONNX Runtime's GPU package; see docs/releasing.md.";
        }
    }
}
