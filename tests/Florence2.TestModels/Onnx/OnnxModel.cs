namespace Florence2.TestModels;

/// <summary>
/// An ONNX <c>ModelProto</c> with IR version 8, the default-domain opset 17 and version 1 of each operator domain in
/// <paramref name="ContribDomains"/> (such as <c>com.microsoft</c> for <c>MatMulNBits</c>).
/// </summary>
internal sealed record OnnxModel(OnnxGraph Graph, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<string> ContribDomains) : IProtoMessage
{
    /// <summary>A model that uses the default operator domain only.</summary>
    public OnnxModel(OnnxGraph graph, IReadOnlyDictionary<string, string> metadata)
        : this(graph, metadata, [])
    {
    }

    /// <summary>The version written for every operator domain other than the default one.</summary>
    public const long ContribOpsetVersion = 1;

    /// <summary>The ONNX IR version written.</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain operator set version written.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The producer name written into every model.</summary>
    public const string ProducerName = "Florence2.TestModels";

    /// <summary>The encoded model.</summary>
    public byte[] ToBytes()
    {
        using var memory = new MemoryStream();
        WriteTo(new ProtoWriter(memory));
        return memory.ToArray();
    }

    /// <summary>Writes the encoded model to <paramref name="path"/>, streaming it (no copy of the whole file in memory).</summary>
    public void Save(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        WriteTo(new ProtoWriter(file));
    }

    /// <inheritdoc/>
    public void WriteTo(ProtoWriter writer)
    {
        writer.WriteVarint(1, IrVersion);
        writer.WriteString(2, ProducerName);
        writer.WriteMessage(7, Graph);
        writer.WriteMessage(8, new OperatorSetId(string.Empty, OpsetVersion));
        foreach (var domain in ContribDomains)
        {
            writer.WriteMessage(8, new OperatorSetId(domain, ContribOpsetVersion));
        }
        foreach (var (key, value) in Metadata)
        {
            writer.WriteMessage(14, new MetadataEntry(key, value));
        }
    }

    // OperatorSetIdProto { domain = 1, version = 2 }
    private sealed record OperatorSetId(string Domain, long Version) : IProtoMessage
    {
        public void WriteTo(ProtoWriter writer)
        {
            writer.WriteString(1, Domain);
            writer.WriteVarint(2, Version);
        }
    }

    // StringStringEntryProto { key = 1, value = 2 }
    private sealed record MetadataEntry(string Key, string Value) : IProtoMessage
    {
        public void WriteTo(ProtoWriter writer)
        {
            writer.WriteString(1, Key);
            writer.WriteString(2, Value);
        }
    }
}
