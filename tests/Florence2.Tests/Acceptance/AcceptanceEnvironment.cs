using Florence2.Tests.Support;

namespace Florence2.Tests.Acceptance;

/// <summary>
/// What the acceptance suite runs on, from the environment: <c>FLORENCE2_ACCEPTANCE_MODELS</c> names folders of real
/// Florence-2 models (onnx-community layout) separated by <c>;</c>; <c>FLORENCE2_ACCEPTANCE_OUTPUT</c> the folder for
/// the record of answers (default <c>artifacts/acceptance</c>); <c>FLORENCE2_ACCEPTANCE_CUDA</c> a CUDA device id,
/// which adds the CPU/CUDA comparison (the tests must then be built on ONNX Runtime's GPU package, see docs/releasing.md).
/// </summary>
public static class AcceptanceEnvironment
{
    public const string ModelsVariable = "FLORENCE2_ACCEPTANCE_MODELS";
    public const string OutputVariable = "FLORENCE2_ACCEPTANCE_OUTPUT";
    public const string CudaVariable = "FLORENCE2_ACCEPTANCE_CUDA";

    /// <summary>The model folders named by <see cref="ModelsVariable"/>; empty when it is unset or blank.</summary>
    public static IReadOnlyList<string> ModelFolders =>
        (Environment.GetEnvironmentVariable(ModelsVariable) ?? string.Empty)
            .Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The CUDA device id named by <see cref="CudaVariable"/>, or null when it is unset.</summary>
    public static int? CudaDevice =>
        int.TryParse(Environment.GetEnvironmentVariable(CudaVariable), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var device) ? device : null;

    /// <summary>Where the record of answers goes.</summary>
    public static string OutputFolder =>
        Environment.GetEnvironmentVariable(OutputVariable) is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : RepositoryFiles.Path("artifacts/acceptance");

    /// <summary>The sample images every task runs on: the .jpg, .jpeg and .png files of samples/images, in name order.</summary>
    public static IReadOnlyList<string> SampleImages =>
        Directory.EnumerateFiles(RepositoryFiles.Path("samples/images"))
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The model folders as theory data, one row each.</summary>
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var folder in ModelFolders)
        {
            data.Add(folder);
        }

        return data;
    }
}
