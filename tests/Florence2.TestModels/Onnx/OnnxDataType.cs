namespace Florence2.TestModels;

/// <summary>ONNX <c>TensorProto.DataType</c> values used by the tiny models.</summary>
internal enum OnnxDataType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer (quantized weights, activations and zero points).</summary>
    Uint8 = 2,

    /// <summary>Signed 8-bit integer (quantized weights and zero points).</summary>
    Int8 = 3,

    /// <summary>32-bit signed integer (the accumulator of MatMulInteger and ConvInteger).</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,
}
