namespace Florence2.TestModels;

/// <summary>
/// Declares the float inputs and outputs of a graph as float32, or as float16 for the <c>_fp16</c> and <c>_q4f16</c>
/// variants, which cast at the boundary and compute in float32 inside. Int64 and bool tensors are declared directly.
/// </summary>
internal sealed class FloatBoundary(GraphBuilder graph)
{
    private readonly bool halfPrecision = graph.Encoding.HalfPrecisionInterface;

    private OnnxDataType FloatType => halfPrecision ? OnnxDataType.Float16 : OnnxDataType.Float;

    /// <summary>Declares a float input and returns the float32 value to compute with.</summary>
    public string FloatInput(string name, params Dim[] shape)
    {
        graph.AddInput(name, FloatType, shape);
        return halfPrecision ? graph.Cast(name, OnnxDataType.Float) : name;
    }

    /// <summary>Declares a float output computed as the float32 <paramref name="value"/>.</summary>
    public void FloatOutput(string name, string value, params Dim[] shape) =>
        graph.AddOutput(name, halfPrecision ? graph.Cast(value, OnnxDataType.Float16) : value, FloatType, shape);
}
