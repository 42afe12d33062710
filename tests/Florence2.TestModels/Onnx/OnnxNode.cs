namespace Florence2.TestModels;

/// <summary>An ONNX <c>NodeProto</c>; an empty <see cref="Domain"/> is the default (ai.onnx) operator domain.</summary>
internal sealed record OnnxNode(
    string Name,
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes,
    string Domain = "") : IProtoMessage
{
    /// <inheritdoc/>
    public void WriteTo(ProtoWriter writer)
    {
        foreach (var input in Inputs)
        {
            writer.WriteString(1, input);
        }
        foreach (var output in Outputs)
        {
            writer.WriteString(2, output);
        }
        writer.WriteString(3, Name);
        writer.WriteString(4, OpType);
        foreach (var attribute in Attributes)
        {
            writer.WriteMessage(5, attribute);
        }
        if (Domain.Length > 0)
        {
            writer.WriteString(7, Domain);
        }
    }
}
