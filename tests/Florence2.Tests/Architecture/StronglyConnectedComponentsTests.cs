using Florence2.Architecture;

namespace Florence2.Tests.Architecture;

public sealed class StronglyConnectedComponentsTests
{
    [Fact]
    public void A_circle_a_pair_and_a_lone_node_are_three_components()
    {
        var edges = new Dictionary<string, string[]>
        {
            ["a"] = ["b"],
            ["b"] = ["c"],
            ["c"] = ["a", "d"],
            ["d"] = ["e"],
            ["e"] = ["d"],
            ["f"] = [],
        };

        var components = StronglyConnectedComponents.Find(edges.Keys, node => edges[node]);

        Assert.Equal([["a", "b", "c"], ["d", "e"], ["f"]], components);
    }

    [Fact]
    public void Components_are_the_sets_of_nodes_that_reach_each_other_on_random_graphs()
    {
        var random = new Random(17);
        for (var graph = 0; graph < 300; graph++)
        {
            var count = random.Next(1, 10);
            var nodes = Enumerable.Range(0, count).Select(i => $"n{i}").ToArray();
            var edges = new bool[count, count];
            for (var from = 0; from < count; from++)
            {
                for (var to = 0; to < count; to++)
                {
                    edges[from, to] = from != to && random.NextDouble() < 0.2;
                }
            }

            var components = StronglyConnectedComponents.Find(
                nodes,
                node => Enumerable.Range(0, count).Where(to => edges[Array.IndexOf(nodes, node), to]).Select(to => nodes[to]));

            // The second computation: reachability by Floyd-Warshall; two nodes share a component when each reaches the other.
            var reaches = (bool[,])edges.Clone();
            for (var via = 0; via < count; via++)
            {
                for (var from = 0; from < count; from++)
                {
                    for (var to = 0; to < count; to++)
                    {
                        reaches[from, to] |= reaches[from, via] && reaches[via, to];
                    }
                }
            }

            var expected = Enumerable.Range(0, count)
                .Select(i => Enumerable.Range(0, count).Where(j => i == j || (reaches[i, j] && reaches[j, i])).Select(j => nodes[j]).Order(StringComparer.Ordinal).ToList())
                .DistinctBy(c => string.Join(",", c))
                .OrderBy(c => c[0], StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, components);
        }
    }
}
