using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// Knows which providers a module should try, how to ask ONNX Runtime for each one, which failures mean
/// "this provider cannot run in this process" and which native package would fix that.
/// </summary>
internal static class ExecutionProviderSelector
{
    /// <summary>The package id of each provider's native ONNX Runtime (what <c>dotnet add package</c> takes).</summary>
    public const string CudaPackage = "Microsoft.ML.OnnxRuntime.Gpu";

    public const string DirectMLPackage = "Microsoft.ML.OnnxRuntime.DirectML";

    public const string CpuPackage = "Microsoft.ML.OnnxRuntime";

    // What else the package needs, for the message: the id alone would not say that CUDA itself must be installed.
    private const string CudaAdvice =
        "Microsoft.ML.OnnxRuntime.Gpu 1.32.0 (or Gpu.Linux / Gpu.Windows for one system) in place of Microsoft.ML.OnnxRuntime, " +
        "with CUDA 13 and cuDNN 9 installed";

    private const string DirectMLAdvice = "Microsoft.ML.OnnxRuntime.DirectML (Windows only) in place of Microsoft.ML.OnnxRuntime";

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

    /// <summary>The native package to add for <paramref name="kind"/> and what it needs on the machine, for messages.</summary>
    public static string NativePackageAdvice(ExecutionProviderKind kind) => kind switch
    {
        ExecutionProviderKind.Cuda => CudaAdvice,
        ExecutionProviderKind.DirectML => DirectMLAdvice,
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
