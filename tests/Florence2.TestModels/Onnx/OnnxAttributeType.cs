namespace Florence2.TestModels;

/// <summary>ONNX <c>AttributeProto.AttributeType</c> values.</summary>
internal enum OnnxAttributeType
{
    /// <summary>Field <c>f</c>.</summary>
    Float = 1,

    /// <summary>Field <c>i</c>.</summary>
    Int = 2,

    /// <summary>Field <c>s</c>.</summary>
    String = 3,

    /// <summary>Field <c>t</c>.</summary>
    Tensor = 4,

    /// <summary>Field <c>g</c>.</summary>
    Graph = 5,

    /// <summary>Field <c>floats</c>.</summary>
    Floats = 6,

    /// <summary>Field <c>ints</c>.</summary>
    Ints = 7,
}
