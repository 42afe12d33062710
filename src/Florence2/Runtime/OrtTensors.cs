using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Runtime;

/// <summary>
/// Creating and reading float tensors in whichever element type a session declares (float32 or float16), so that
/// the rest of the pipeline works in float32 and fp16 exports need no special code.
/// </summary>
internal static class OrtTensors
{
    /// <summary>Allocates a tensor of the given floating type (ORT-owned memory) and fills it from float32 values.</summary>
    public static OrtValue CreateFloating(ReadOnlySpan<float> values, long[] shape, TensorElementType type)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
        try
        {
            WriteFloating(value, values);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    /// <summary>Copies float32 values into an existing floating tensor, converting to float16 when needed.</summary>
    public static void WriteFloating(OrtValue tensor, ReadOnlySpan<float> values)
    {
        var type = tensor.GetTensorTypeAndShape().ElementDataType;
        switch (type)
        {
            case TensorElementType.Float:
                values.CopyTo(tensor.GetTensorMutableDataAsSpan<float>());
                break;
            case TensorElementType.Float16:
                var halves = MemoryMarshal.Cast<byte, Half>(tensor.GetTensorMutableRawData());
                for (var i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Expected a float32 or float16 tensor, got {type}.");
        }
    }

    /// <summary>Copies a floating tensor (float32 or float16) into float32 values.</summary>
    public static void ReadFloating(OrtValue tensor, Span<float> destination, long offset = 0)
    {
        var type = tensor.GetTensorTypeAndShape().ElementDataType;
        switch (type)
        {
            case TensorElementType.Float:
                tensor.GetTensorDataAsSpan<float>().Slice(checked((int)offset), destination.Length).CopyTo(destination);
                break;
            case TensorElementType.Float16:
                var halves = MemoryMarshal.Cast<byte, Half>(tensor.GetTensorMutableRawData()).Slice(checked((int)offset), destination.Length);
                for (var i = 0; i < halves.Length; i++)
                {
                    destination[i] = (float)halves[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Expected a float32 or float16 tensor, got {type}.");
        }
    }

    /// <summary>
    /// Returns the tensor itself when it already has the wanted floating type, else a converted copy (and disposes
    /// the original). Used where one module's fp16 output feeds another module's fp32 input.
    /// </summary>
    public static OrtValue ConvertFloating(OrtValue tensor, TensorElementType wanted)
    {
        var info = tensor.GetTensorTypeAndShape();
        if (info.ElementDataType == wanted)
        {
            return tensor;
        }

        var count = checked((int)info.ElementCount);
        var scratch = System.Buffers.ArrayPool<float>.Shared.Rent(count);
        try
        {
            var span = scratch.AsSpan(0, count);
            ReadFloating(tensor, span);
            var converted = CreateFloating(span, info.Shape, wanted);
            tensor.Dispose();
            return converted;
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>An int64 tensor over a managed array (pinned by ORT for the tensor's lifetime; no copy).</summary>
    public static OrtValue Int64(long[] values, long[] shape) => OrtValue.CreateTensorValueFromMemory(values, shape);

    /// <summary>A tensor with a zero-length axis (the empty past key/values of step 0).</summary>
    public static OrtValue Empty(TensorElementType type, long[] shape) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
}
