using Florence2.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Tests.Runtime;

/// <summary>Which failures count as "this provider cannot run here", with real ONNX Runtime exceptions.</summary>
public sealed class ExecutionProviderSelectorTests
{
    [Fact]
    public void A_missing_entry_point_or_library_means_unavailable()
    {
        Assert.True(ExecutionProviderSelector.IsUnavailable(new EntryPointNotFoundException("OrtSessionOptionsAppendExecutionProvider_CUDA")));
        Assert.True(ExecutionProviderSelector.IsUnavailable(new DllNotFoundException("libonnxruntime_providers_cuda.so")));
    }

    [Fact]
    public void A_provider_failure_while_the_session_is_created_means_unavailable()
    {
        // "[ErrorCode:Fail] CUDA execution provider is not enabled in this build." on the CPU package: the same code
        // the GPU package gives for "Failed to load shared library".
        var failure = Assert.Throws<OnnxRuntimeException>(() => new OrtCUDAProviderOptions());
        Assert.StartsWith("[ErrorCode:Fail]", failure.Message, StringComparison.Ordinal);

        Assert.True(ExecutionProviderSelector.IsUnavailable(failure));
        Assert.True(ExecutionProviderSelector.IsUnavailable(new ModelLoadException("model.onnx", "could not load", failure)));
    }

    [Fact]
    public void A_file_onnx_runtime_cannot_parse_is_never_the_providers_fault()
    {
        using var options = new SessionOptions();
        var corrupt = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(new byte[] { 0x08, 0x07, 0xFF, 0xFF, 0xFF }, options));
        Assert.StartsWith("[ErrorCode:InvalidProtobuf]", corrupt.Message, StringComparison.Ordinal);

        Assert.False(ExecutionProviderSelector.IsUnavailable(new ModelLoadException("model.onnx", "could not load", corrupt)));
        Assert.False(ExecutionProviderSelector.IsUnavailable(new ModelSignatureException("model.onnx", "pixel_values", "float [*, 3, *, *]", "missing")));
        Assert.False(ExecutionProviderSelector.IsUnavailable(new InvalidOperationException("something else")));
    }
}
