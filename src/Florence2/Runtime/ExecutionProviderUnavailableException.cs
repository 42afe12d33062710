namespace Florence2;

/// <summary>
/// An execution provider cannot be used in this process: its native package is not installed, or its native
/// libraries (CUDA, cuDNN, DirectX 12) are missing. <see cref="NativePackage"/> names what to add.
/// </summary>
public sealed class ExecutionProviderUnavailableException : Florence2Exception
{
    /// <summary>Creates the exception.</summary>
    public ExecutionProviderUnavailableException(ExecutionProviderChoice provider, string nativePackage, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        NativePackage = nativePackage;
    }

    /// <summary>The provider that could not be used.</summary>
    public ExecutionProviderChoice Provider { get; }

    /// <summary>
    /// The id of the NuGet package with the provider's native ONNX Runtime (<c>Microsoft.ML.OnnxRuntime.Gpu</c>,
    /// <c>Microsoft.ML.OnnxRuntime.DirectML</c>, <c>Microsoft.ML.OnnxRuntime</c>); the message says what else the machine needs.
    /// </summary>
    public string NativePackage { get; }
}
