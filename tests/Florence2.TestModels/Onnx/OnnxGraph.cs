namespace Florence2.TestModels;

/// <summary>An ONNX <c>GraphProto</c>: nodes in topological order, initializers, inputs and outputs.</summary>
internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs) : IProtoMessage
{
    /// <inheritdoc/>
    public void WriteTo(ProtoWriter writer)
    {
        foreach (var node in Nodes)
        {
            writer.WriteMessage(1, node);
        }
        writer.WriteString(2, Name);
        foreach (var initializer in Initializers)
        {
            writer.WriteMessage(5, initializer);
        }
        foreach (var input in Inputs)
        {
            writer.WriteMessage(11, input);
        }
        foreach (var output in Outputs)
        {
            writer.WriteMessage(12, output);
        }
    }
}
