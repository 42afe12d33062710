namespace Florence2.TestModels;

/// <summary>
/// Builds an <see cref="OnnxGraph"/>: gives every node and value a unique name, collects nodes in the order
/// they are added, and declares inputs, outputs and initializers. Subgraphs (branches of <c>If</c>) share the
/// name counter of their root and put their initializers into the root graph, where every branch can read them.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly string name;
    private readonly GraphBuilder? root;
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly HashSet<string> initializerNames = [];
    private readonly List<OnnxValueInfo> inputs = [];
    private readonly List<OnnxValueInfo> outputs = [];
    private readonly Dictionary<string, string> constantNames = [];
    private readonly SortedSet<string> contribDomains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> localValues = [];
    private int nextId;

    /// <summary>Starts a top-level graph whose weights are stored as <paramref name="encoding"/> says (fp32 when null).</summary>
    public GraphBuilder(string name, VariantEncoding? encoding = null)
        : this(name, null, encoding ?? VariantEncoding.Fp32)
    {
    }

    private GraphBuilder(string name, GraphBuilder? root, VariantEncoding encoding) =>
        (this.name, this.root, Encoding) = (name, root, encoding);

    private GraphBuilder Root => root ?? this;

    /// <summary>How this graph stores weights and declares its float inputs and outputs (shared with its subgraphs).</summary>
    public VariantEncoding Encoding { get; }

    /// <summary>Operator domains other than the default one that nodes of this graph or its subgraphs use.</summary>
    public IReadOnlyCollection<string> ContribDomains => Root.contribDomains;

    /// <summary>Starts a subgraph whose nodes may read every value of this graph by name.</summary>
    public GraphBuilder CreateSubgraph(string subgraphName) => new(subgraphName, Root, Encoding);

    /// <summary>Declares a graph input and returns its name.</summary>
    public string AddInput(string inputName, OnnxDataType type, params Dim[] shape)
    {
        inputs.Add(new OnnxValueInfo(inputName, type, shape));
        return inputName;
    }

    /// <summary>
    /// Declares <paramref name="value"/> as the graph output <paramref name="outputName"/>
    /// (through an <c>Identity</c> when the names differ). A null shape leaves it undeclared.
    /// </summary>
    public void AddOutput(string outputName, string value, OnnxDataType type, IReadOnlyList<Dim>? shape)
    {
        if (value != outputName)
        {
            AddNodeCore(Root.nextId++, "Identity", [value], [outputName], []);
        }
        outputs.Add(new OnnxValueInfo(outputName, type, shape));
    }

    /// <summary>
    /// Adds a float32 initializer to the root graph and returns its name. A name already added is returned
    /// as it is, so graph branches that use the same weight share one copy.
    /// </summary>
    public string AddInitializer(string initializerName, ReadOnlySpan<float> values, params long[] dims)
    {
        if (!HasInitializer(initializerName))
        {
            AddInitializer(OnnxTensor.FromFloats(initializerName, values, dims));
        }
        return initializerName;
    }

    /// <summary>Adds a finished tensor (of any element type) to the root graph's initializers and returns its name.</summary>
    public string AddInitializer(OnnxTensor tensor)
    {
        if (!Root.initializerNames.Add(tensor.Name))
        {
            throw new InvalidOperationException($"The initializer '{tensor.Name}' was added twice.");
        }
        Root.initializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Whether the root graph already has an initializer of this name (so a weight is encoded once).</summary>
    public bool HasInitializer(string initializerName) => Root.initializerNames.Contains(initializerName);

    /// <summary>
    /// The values <paramref name="create"/> adds for <paramref name="key"/> in this graph, computed on first use:
    /// nodes that several consumers share inside one graph (such as the quantization of an activation).
    /// </summary>
    public IReadOnlyList<string> LocalValues(string key, Func<IReadOnlyList<string>> create)
    {
        if (!localValues.TryGetValue(key, out var values))
        {
            values = create();
            localValues.Add(key, values);
        }
        return values;
    }

    /// <summary>An int64 constant of shape [values.Length], shared by every node that asks for the same values.</summary>
    public string Int64s(params long[] values) => Constant("i64", values, [values.Length]);

    /// <summary>A 0-dimensional int64 constant.</summary>
    public string Int64Scalar(long value) => Constant("i64_scalar", [value], []);

    /// <summary>A 0-dimensional float32 constant.</summary>
    public string FloatScalar(float value)
    {
        var key = $"f32_scalar_{value:R}";
        if (!Root.constantNames.TryGetValue(key, out var constantName))
        {
            constantName = AddInitializer($"const_{Root.constantNames.Count}", [value]);
            Root.constantNames.Add(key, constantName);
        }
        return constantName;
    }

    /// <summary>Adds a node with one output and returns the output's generated name.</summary>
    public string AddNode(string opType, IReadOnlyList<string> nodeInputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, nodeInputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs and returns their generated names.</summary>
    public IReadOnlyList<string> AddNode(string opType, IReadOnlyList<string> nodeInputs, int outputCount, params OnnxAttribute[] attributes)
    {
        var id = Root.nextId++;
        var nodeOutputs = Enumerable.Range(0, outputCount).Select(i => $"{opType}_{id}_out{i}").ToArray();
        AddNodeCore(id, opType, nodeInputs, nodeOutputs, attributes);
        return nodeOutputs;
    }

    /// <summary>Adds a node of a non-default operator domain (such as <c>com.microsoft</c>) and returns its output's name.</summary>
    public string AddContribNode(string domain, string opType, IReadOnlyList<string> nodeInputs, params OnnxAttribute[] attributes)
    {
        var id = Root.nextId++;
        var output = $"{opType}_{id}_out0";
        nodes.Add(new OnnxNode($"{opType}_{id}", opType, [.. nodeInputs], [output], attributes, domain));
        Root.contribDomains.Add(domain);
        return output;
    }

    /// <summary>The finished graph.</summary>
    public OnnxGraph Build() => new(name, [.. nodes], [.. initializers], [.. inputs], [.. outputs]);

    private void AddNodeCore(int id, string opType, IReadOnlyList<string> nodeInputs, IReadOnlyList<string> nodeOutputs, IReadOnlyList<OnnxAttribute> attributes) =>
        nodes.Add(new OnnxNode($"{opType}_{id}", opType, [.. nodeInputs], nodeOutputs, attributes));

    private string Constant(string kind, long[] values, long[] dims)
    {
        var key = $"{kind}_{string.Join(',', values)}";
        if (!Root.constantNames.TryGetValue(key, out var constantName))
        {
            constantName = AddInitializer(OnnxTensor.FromInt64s($"const_{Root.constantNames.Count}", values, dims));
            Root.constantNames.Add(key, constantName);
        }
        return constantName;
    }
}
