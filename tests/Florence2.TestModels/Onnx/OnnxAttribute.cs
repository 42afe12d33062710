namespace Florence2.TestModels;

/// <summary>An ONNX <c>AttributeProto</c> holding one value of the kind named by <see cref="Type"/>.</summary>
internal sealed class OnnxAttribute : IProtoMessage
{
    private OnnxAttribute(string name, OnnxAttributeType type) => (Name, Type) = (name, type);

    /// <summary>The attribute name.</summary>
    public string Name { get; }

    /// <summary>Which of the value fields is set.</summary>
    public OnnxAttributeType Type { get; }

    private float FloatValue { get; init; }
    private string? StringValue { get; init; }
    private OnnxTensor? TensorValue { get; init; }
    private OnnxGraph? GraphValue { get; init; }
    private IReadOnlyList<float> FloatValues { get; init; } = [];

    /// <summary>The value of an <see cref="OnnxAttributeType.Int"/> attribute.</summary>
    public long IntValue { get; private init; }

    /// <summary>The values of an <see cref="OnnxAttributeType.Ints"/> attribute.</summary>
    public IReadOnlyList<long> IntValues { get; private init; } = [];

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeType.String) { StringValue = value };

    /// <summary>A tensor attribute (for example the value of a <c>Constant</c> node).</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor) { TensorValue = value };

    /// <summary>A graph attribute (for example a branch of an <c>If</c> node).</summary>
    public static OnnxAttribute Graph(string name, OnnxGraph value) => new(name, OnnxAttributeType.Graph) { GraphValue = value };

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, OnnxAttributeType.Floats) { FloatValues = values };

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeType.Ints) { IntValues = values };

    /// <inheritdoc/>
    public void WriteTo(ProtoWriter writer)
    {
        writer.WriteString(1, Name);
        switch (Type)
        {
            case OnnxAttributeType.Float:
                writer.WriteFloat(2, FloatValue);
                break;
            case OnnxAttributeType.Int:
                writer.WriteVarint(3, IntValue);
                break;
            case OnnxAttributeType.String:
                writer.WriteString(4, StringValue!);
                break;
            case OnnxAttributeType.Tensor:
                writer.WriteMessage(5, TensorValue!);
                break;
            case OnnxAttributeType.Graph:
                writer.WriteMessage(6, GraphValue!);
                break;
            case OnnxAttributeType.Floats:
                foreach (var value in FloatValues)
                {
                    writer.WriteFloat(7, value);
                }
                break;
            case OnnxAttributeType.Ints:
                foreach (var value in IntValues)
                {
                    writer.WriteVarint(8, value);
                }
                break;
        }
        writer.WriteVarint(20, (long)Type);
    }
}
