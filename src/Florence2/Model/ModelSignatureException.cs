namespace Florence2;

/// <summary>
/// An ONNX file's inputs or outputs do not match what the model configuration implies: a tensor is missing,
/// or its element type or shape differs.
/// </summary>
public sealed class ModelSignatureException : ModelLoadException
{
    /// <summary>Creates the exception for one tensor of one file.</summary>
    public ModelSignatureException(string filePath, string tensorName, string expected, string actual)
        : base(filePath, $"'{Path.GetFileName(filePath)}': tensor '{tensorName}' should be {expected}, but is {actual}. File: {filePath}")
    {
        TensorName = tensorName;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Name of the tensor (input or output) that does not fit.</summary>
    public string TensorName { get; }

    /// <summary>What the configuration implies, e.g. <c>float32 [batch, 577, 768]</c> or <c>present</c>.</summary>
    public string Expected { get; }

    /// <summary>What the file declares, e.g. <c>float32 [batch, 577, 1024]</c> or <c>missing</c>.</summary>
    public string Actual { get; }
}
