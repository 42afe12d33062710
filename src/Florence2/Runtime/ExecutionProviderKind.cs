namespace Florence2;

/// <summary>The hardware an ONNX Runtime session runs on.</summary>
public enum ExecutionProviderKind
{
    /// <summary>The CPU; always available (package <c>Microsoft.ML.OnnxRuntime</c>).</summary>
    Cpu = 0,

    /// <summary>An NVIDIA GPU through CUDA (package <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c> or <c>.Gpu.Windows</c>, plus CUDA and cuDNN).</summary>
    Cuda,

    /// <summary>A DirectX 12 GPU on Windows (package <c>Microsoft.ML.OnnxRuntime.DirectML</c>).</summary>
    DirectML,
}
