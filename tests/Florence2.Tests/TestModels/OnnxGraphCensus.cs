using System.Text;

namespace Florence2.Tests.TestModels;

/// <summary>
/// What an ONNX file holds, read straight from its protobuf encoding (a second reader, independent of the writer):
/// every node of the main graph and of its subgraphs, the main graph's initializers (name, element type, dims) and the
/// operator-set imports. Enough to check which operators and weight layouts a generated variant uses.
/// </summary>
internal sealed class OnnxGraphCensus
{
    private OnnxGraphCensus(List<Node> nodes, Dictionary<string, Initializer> initializers, Dictionary<string, long> opsets) =>
        (Nodes, Initializers, Opsets) = (nodes, initializers, opsets);

    public IReadOnlyList<Node> Nodes { get; }

    public IReadOnlyDictionary<string, Initializer> Initializers { get; }

    /// <summary>Operator-set version per domain ("" is the default domain).</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; }

    public static OnnxGraphCensus Read(string path)
    {
        var nodes = new List<Node>();
        var initializers = new Dictionary<string, Initializer>(StringComparer.Ordinal);
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var model = File.ReadAllBytes(path);
        foreach (var field in Fields(model))
        {
            if (field.Number == 7)
            {
                ReadGraph(field.Bytes, nodes, initializers, isMain: true);
            }
            else if (field.Number == 8)
            {
                var domain = "";
                long version = 0;
                foreach (var f in Fields(field.Bytes))
                {
                    (domain, version) = f.Number switch { 1 => (f.Text, version), 2 => (domain, f.Varint), _ => (domain, version) };
                }
                opsets[domain] = version;
            }
        }
        return new OnnxGraphCensus(nodes, initializers, opsets);
    }

    /// <summary>The nodes of one operator type (in any graph).</summary>
    public IEnumerable<Node> OfType(string opType) => Nodes.Where(node => node.OpType == opType);

    /// <summary>The node that produces <paramref name="value"/>, if any.</summary>
    public Node? Producer(string value) => Nodes.FirstOrDefault(node => node.Outputs.Contains(value));

    private static void ReadGraph(ReadOnlyMemory<byte> graph, List<Node> nodes, Dictionary<string, Initializer> initializers, bool isMain)
    {
        foreach (var field in Fields(graph))
        {
            if (field.Number == 1)
            {
                nodes.Add(ReadNode(field.Bytes, nodes, initializers));
            }
            else if (field.Number == 5 && isMain)
            {
                var initializer = ReadInitializer(field.Bytes);
                initializers[initializer.Name] = initializer;
            }
        }
    }

    private static Node ReadNode(ReadOnlyMemory<byte> bytes, List<Node> nodes, Dictionary<string, Initializer> initializers)
    {
        List<string> inputs = [], outputs = [];
        var opType = "";
        var domain = "";
        var ints = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var field in Fields(bytes))
        {
            switch (field.Number)
            {
                case 1: inputs.Add(field.Text); break;
                case 2: outputs.Add(field.Text); break;
                case 4: opType = field.Text; break;
                case 7: domain = field.Text; break;
                case 5:
                    var name = "";
                    long? value = null;
                    foreach (var a in Fields(field.Bytes))
                    {
                        switch (a.Number)
                        {
                            case 1: name = a.Text; break;
                            case 3: value = a.Varint; break;
                            case 6: ReadGraph(a.Bytes, nodes, initializers, isMain: false); break;
                        }
                    }
                    if (value is { } integer)
                    {
                        ints[name] = integer;
                    }
                    break;
            }
        }
        return new Node(opType, domain, inputs, outputs, ints);
    }

    private static Initializer ReadInitializer(ReadOnlyMemory<byte> bytes)
    {
        List<long> dims = [];
        var type = 0;
        var name = "";
        var length = 0;
        foreach (var field in Fields(bytes))
        {
            switch (field.Number)
            {
                case 1: dims.Add(field.Varint); break;
                case 2: type = (int)field.Varint; break;
                case 8: name = field.Text; break;
                case 9: length = field.Bytes.Length; break;
            }
        }
        return new Initializer(name, type, dims, length);
    }

    private static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message.Span, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return new Field(number, (long)ReadVarint(message.Span, ref position), default);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    yield return new Field(number, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected wire type in tag {tag} at byte {position}.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    public sealed record Node(string OpType, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, long> Ints);

    /// <summary>An initializer: ONNX element type number (1 float, 2 uint8, 3 int8, 7 int64, 10 float16), dims, raw byte count.</summary>
    public sealed record Initializer(string Name, int ElementType, IReadOnlyList<long> Dims, int RawBytes);

    private readonly record struct Field(int Number, long Varint, ReadOnlyMemory<byte> Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes.Span);
    }
}
