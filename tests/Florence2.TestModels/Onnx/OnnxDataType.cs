namespace Florence2.TestModels;

/// <summary>ONNX <c>TensorProto.DataType</c> values used by the tiny models.</summary>
internal enum OnnxDataType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,
}
