using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// Knows which providers a module should try, how to ask ONNX Runtime for each one, which failures mean
/// "this provider cannot run in this process" and which native package would fix that.
/// </summary>
internal static class ExecutionProviderSelector
{
    public const string CudaPackage =
        "Microsoft.ML.OnnxRuntime.Gpu.Linux (Linux) or Microsoft.ML.OnnxRuntime.Gpu.Windows (Windows) 1.32.0, " +
        "in place of Microsoft.ML.OnnxRuntime, with CUDA 13 and cuDNN 9 installed";

    public const string DirectMLPackage = "Microsoft.ML.OnnxRuntime.DirectML (Windows only), in place of Microsoft.ML.OnnxRuntime";

    public const string CpuPackage = "Microsoft.ML.OnnxRuntime";

    // ONNX Runtime error codes that describe the model file, not the provider: such a failure must surface as a
    // ModelLoadException whatever provider was asked for.
    private static readonly string[] ModelFileErrorCodes =
        ["[ErrorCode:InvalidProtobuf]", "[ErrorCode:InvalidGraph]", "[ErrorCode:NoModel]", "[ErrorCode:NoSuchFile]"];

    public static string NativePackage(ExecutionProviderKind kind) => kind switch
    {
        ExecutionProviderKind.Cuda => CudaPackage,
        ExecutionProviderKind.DirectML => DirectMLPackage,
        _ => CpuPackage,
    };

    /// <summary>Adds the provider to the options; the CPU needs nothing because ONNX Runtime always has it.</summary>
    public static void Append(SessionOptions options, ExecutionProviderChoice choice)
    {
        switch (choice.Kind)
        {
            case ExecutionProviderKind.Cuda:
                options.AppendExecutionProvider_CUDA(choice.DeviceId);
                break;
            case ExecutionProviderKind.DirectML:
                options.AppendExecutionProvider_DML(choice.DeviceId);
                break;
        }
    }

    /// <summary>
    /// True for the ways a missing or broken provider shows itself: the entry point is absent from the CPU-only
    /// native library, a native library is missing, or ONNX Runtime reports it could not load or start the provider.
    /// Checked around appending the provider and around creating the session with it.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        EntryPointNotFoundException or DllNotFoundException => true,
        OnnxRuntimeException ort => !IsModelFileError(ort),

        // OnnxModelSession wraps the session's OnnxRuntimeException; a signature or missing-file error is never
        // the provider's fault, and neither is a file ONNX Runtime cannot parse.
        ModelSignatureException or ModelFileMissingException => false,
        ModelLoadException { InnerException: OnnxRuntimeException ort } => !IsModelFileError(ort),
        _ => false,
    };

    private static bool IsModelFileError(OnnxRuntimeException e)
    {
        foreach (var code in ModelFileErrorCodes)
        {
            if (e.Message.StartsWith(code, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
