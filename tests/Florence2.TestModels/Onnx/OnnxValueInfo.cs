namespace Florence2.TestModels;

/// <summary>
/// An ONNX <c>ValueInfoProto</c> of a tensor: name, element type and shape.
/// A null <see cref="Shape"/> leaves the rank unknown (used for branch outputs of <c>If</c>).
/// </summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, IReadOnlyList<Dim>? Shape) : IProtoMessage
{
    /// <inheritdoc/>
    public void WriteTo(ProtoWriter writer)
    {
        writer.WriteString(1, Name);
        writer.WriteMessage(2, new TypeMessage(ElementType, Shape));
    }

    // TypeProto { tensor_type = 1: Tensor { elem_type = 1, shape = 2 } }
    private sealed record TypeMessage(OnnxDataType ElementType, IReadOnlyList<Dim>? Shape) : IProtoMessage
    {
        public void WriteTo(ProtoWriter writer) => writer.WriteMessage(1, new TensorTypeMessage(ElementType, Shape));
    }

    private sealed record TensorTypeMessage(OnnxDataType ElementType, IReadOnlyList<Dim>? Shape) : IProtoMessage
    {
        public void WriteTo(ProtoWriter writer)
        {
            writer.WriteVarint(1, (long)ElementType);
            if (Shape is not null)
            {
                writer.WriteMessage(2, new ShapeMessage(Shape));
            }
        }
    }

    // TensorShapeProto { dim = 1: Dimension { dim_value = 1 | dim_param = 2 } }
    private sealed record ShapeMessage(IReadOnlyList<Dim> Dims) : IProtoMessage
    {
        public void WriteTo(ProtoWriter writer)
        {
            foreach (var dim in Dims)
            {
                writer.WriteMessage(1, new DimensionMessage(dim));
            }
        }
    }

    private sealed record DimensionMessage(Dim Dim) : IProtoMessage
    {
        public void WriteTo(ProtoWriter writer)
        {
            if (Dim.Value is { } value)
            {
                writer.WriteVarint(1, value);
            }
            else
            {
                writer.WriteString(2, Dim.Param!);
            }
        }
    }
}
