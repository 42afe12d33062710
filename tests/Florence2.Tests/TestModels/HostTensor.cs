using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Tests.TestModels;

/// <summary>A float tensor copied out of ONNX Runtime (float16 outputs are widened), with its shape.</summary>
internal sealed record HostTensor(float[] Data, long[] Shape)
{
    public static HostTensor Empty(params long[] shape) => new([], shape);

    public static HostTensor CopyOf(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var data = info.ElementDataType == TensorElementType.Float16
            ? value.GetTensorDataAsSpan<Float16>().ToArray().Select(half => (float)half).ToArray()
            : value.GetTensorDataAsSpan<float>().ToArray();
        return new HostTensor(data, info.Shape);
    }

    /// <summary>The last row along the last axis but one, e.g. the logits of the last position of [1, s, V].</summary>
    public float[] LastRow()
    {
        var width = (int)Shape[^1];
        return Data[^width..];
    }

    public OrtValue ToOrtValue(bool halfPrecision) => halfPrecision
        ? OrtValue.CreateTensorValueFromMemory(Data.Select(value => (Float16)value).ToArray(), Shape)
        : OrtValue.CreateTensorValueFromMemory(Data, Shape);
}
