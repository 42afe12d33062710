using YamlDotNet.RepresentationModel;

namespace Florence2.Tests.Samples.Deploy;

/// <summary>The documents of deploy/k8s/*.yaml (copied next to the test assembly), parsed with YamlDotNet, with small helpers to walk them.</summary>
internal static class K8sManifests
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Deploy", "k8s");

    public static IReadOnlyList<YamlMappingNode> All { get; } = Load();

    public static YamlMappingNode Single(string kind) => Assert.Single(All, d => Text(d, "kind") == kind);

    public static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out var child), $"'{key}' is missing at line {node.Start.Line}");
            node = child!;
        }

        return node;
    }

    public static string? Text(YamlNode node, params string[] path) => Assert.IsType<YamlScalarNode>(At(node, path)).Value;

    public static bool Has(YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.ContainsKey(new YamlScalarNode(key));

    public static IEnumerable<YamlMappingNode> Items(YamlNode node, params string[] path) =>
        Assert.IsType<YamlSequenceNode>(At(node, path)).Children.Cast<YamlMappingNode>();

    /// <summary>The containers of a workload's pod template (a Deployment's or a Job's).</summary>
    public static IEnumerable<YamlMappingNode> Containers(YamlMappingNode workload) => Items(workload, "spec", "template", "spec", "containers");

    private static List<YamlMappingNode> Load()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            documents.AddRange(stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)));
        }

        return documents;
    }
}
