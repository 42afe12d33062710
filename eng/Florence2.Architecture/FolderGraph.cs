using Microsoft.CodeAnalysis.CSharp;

namespace Florence2.Architecture;

/// <summary>
/// Which rooms (first folders) of the library name types declared in which other rooms, read from the syntax of the
/// files alone: no compilation, no references.
/// </summary>
internal sealed class FolderGraph
{
    private FolderGraph(IReadOnlyList<string> rooms, IReadOnlyList<Arrow> arrows, IReadOnlyList<Circle> circles, IReadOnlyList<SharedName> sharedNames)
    {
        Rooms = rooms;
        Arrows = arrows;
        Circles = circles;
        SharedNames = sharedNames;
    }

    /// <summary>Every room that holds a file, ordered by name.</summary>
    public IReadOnlyList<string> Rooms { get; }

    /// <summary>Every room-to-room arrow, ordered by From then To.</summary>
    public IReadOnlyList<Arrow> Arrows { get; }

    /// <summary>The strongly connected components of more than one room, ordered by their first room.</summary>
    public IReadOnlyList<Circle> Circles { get; }

    /// <summary>Simple names declared by more than one type, ordered by name.</summary>
    public IReadOnlyList<SharedName> SharedNames { get; }

    public static FolderGraph Build(IReadOnlyList<SourceFile> files)
    {
        var roots = files
            .Select(f => (f.Path, Root: CSharpSyntaxTree.ParseText(f.Text, path: f.Path).GetRoot()))
            .ToList();
        var declared = roots.SelectMany(r => TypeDeclarationCollector.Collect(r.Root, r.Path)).ToList();
        var byName = declared.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var libraryNames = new LibraryNames(declared);
        var globalUsings = roots.SelectMany(r => FileScope.NamespaceUsings(r.Root, global: true)).ToList();

        var references = new List<TypeReference>();
        foreach (var (path, root) in roots)
        {
            var room = Architecture.Rooms.Of(path);
            var ownTypes = declared.Where(d => d.File == path).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            var scope = FileScope.Of(root, globalUsings);
            foreach (var used in NameUseCollector.Collect(root, libraryNames))
            {
                if (ownTypes.Contains(used.Name) || !byName.TryGetValue(used.Name, out var candidates))
                {
                    continue;
                }

                foreach (var toRoom in Resolve(candidates, used, scope).Select(c => c.Room).Distinct(StringComparer.Ordinal))
                {
                    if (toRoom != room)
                    {
                        references.Add(new TypeReference(path, room, used.Name, toRoom));
                    }
                }
            }
        }

        var rooms = roots.Select(r => Architecture.Rooms.Of(r.Path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var arrows = references
            .GroupBy(r => (r.FromRoom, r.ToRoom))
            .Select(g => new Arrow(g.Key.FromRoom, g.Key.ToRoom, g
                .DistinctBy(r => (r.File, r.TypeName))
                .OrderBy(r => r.File, StringComparer.Ordinal)
                .ThenBy(r => r.TypeName, StringComparer.Ordinal)
                .ToList()))
            .OrderBy(a => a.From, StringComparer.Ordinal)
            .ThenBy(a => a.To, StringComparer.Ordinal)
            .ToList();
        // Foo and Foo<T> are told apart by their type arguments; two Foo or two Foo<T> need the namespace.
        var sharedNames = declared
            .GroupBy(d => (d.Name, d.Arity))
            .Where(g => g.Select(d => d.FullName).Distinct(StringComparer.Ordinal).Count() > 1)
            .OrderBy(g => g.Key.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Arity)
            .Select(g => new SharedName(g.Key.Name, g.ToList()))
            .ToList();
        return new FolderGraph(rooms, arrows, FindCircles(rooms, arrows), sharedNames);
    }

    /// <summary>
    /// The declarations a use can mean. One full name: that one. Several: those with the arity used, then those that
    /// C# lookup reaches first (own namespace, parents, usings), as long as some remain; otherwise all of them.
    /// </summary>
    private static List<DeclaredType> Resolve(List<DeclaredType> candidates, UsedName used, FileScope scope)
    {
        static bool Ambiguous(List<DeclaredType> types) => types.Select(d => d.FullName).Distinct(StringComparer.Ordinal).Count() > 1;

        var remaining = candidates;
        if (Ambiguous(remaining) && remaining.Any(d => d.Arity == used.Arity))
        {
            remaining = remaining.Where(d => d.Arity == used.Arity).ToList();
        }

        var seen = remaining.Where(d => scope.Rank(d.Namespace) is not null).ToList();
        if (Ambiguous(remaining) && seen.Count > 0)
        {
            var first = seen.Min(d => scope.Rank(d.Namespace));
            remaining = seen.Where(d => scope.Rank(d.Namespace) == first).ToList();
        }

        return remaining;
    }

    private static List<Circle> FindCircles(IReadOnlyList<string> rooms, IReadOnlyList<Arrow> arrows)
    {
        var successors = arrows.ToLookup(a => a.From, a => a.To, StringComparer.Ordinal);
        var circles = new List<Circle>();
        foreach (var component in StronglyConnectedComponents.Find(rooms, room => successors[room]).Where(c => c.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            var inside = arrows.Where(a => members.Contains(a.From) && members.Contains(a.To)).ToList();
            var circleArrows = inside
                .Select(a => new CircleArrow(a, [a.From, .. ShortestPath(a.To, a.From, inside)]))
                .ToList();
            circles.Add(new Circle(component, circleArrows));
        }

        return circles;
    }

    /// <summary>The rooms from <paramref name="from"/> to <paramref name="to"/> along the fewest arrows (breadth first, ties by name).</summary>
    private static List<string> ShortestPath(string from, string to, IReadOnlyList<Arrow> arrows)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0 && !previous.ContainsKey(to))
        {
            var room = queue.Dequeue();
            foreach (var next in arrows.Where(a => a.From == room).Select(a => a.To).Order(StringComparer.Ordinal))
            {
                if (previous.TryAdd(next, room))
                {
                    queue.Enqueue(next);
                }
            }
        }

        var path = new List<string> { to };
        while (path[^1] != from)
        {
            path.Add(previous[path[^1]]);
        }

        path.Reverse();
        return path;
    }
}
