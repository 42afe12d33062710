namespace Florence2.Architecture;

/// <summary>
/// Tarjan's algorithm: splits a directed graph into its strongly connected components (the largest sets of nodes
/// that all reach each other). A component of two or more nodes holds a circle.
/// </summary>
internal static class StronglyConnectedComponents
{
    /// <summary>
    /// The components, each ordered by name, in the order of their first node. Recursion depth is at most the number of
    /// nodes (here: folders).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IEnumerable<string> nodes, Func<string, IEnumerable<string>> successors)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLink = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            var order = index.Count;
            index[node] = order;
            lowLink[node] = order;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in successors(node))
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowLink[node] = Math.Min(lowLink[node], nextIndex);
                }
            }

            if (lowLink[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                component.Sort(StringComparer.Ordinal);
                components.Add(component);
            }
        }

        foreach (var node in nodes)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components.OrderBy(c => c[0], StringComparer.Ordinal).ToList();
    }
}
