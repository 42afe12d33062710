namespace Florence2.Architecture;

/// <summary>What the library declares beyond type names: the parts of its namespaces and which types are nested in which.</summary>
internal sealed class LibraryNames
{
    private readonly HashSet<string> _namespaceParts;
    private readonly HashSet<(string Container, string Name)> _nested;

    public LibraryNames(IEnumerable<DeclaredType> declared)
    {
        var types = declared.ToList();
        _namespaceParts = types.SelectMany(d => d.Namespace.Split('.')).Where(part => part.Length > 0).ToHashSet(StringComparer.Ordinal);
        _nested = types.Where(d => d.Container.Length > 0).Select(d => (d.Container, d.Name)).ToHashSet();
    }

    /// <summary>Whether a name is one part of a namespace the library declares (<c>Florence2</c>, <c>Geometry</c>).</summary>
    public bool IsNamespacePart(string name) => _namespaceParts.Contains(name);

    /// <summary>Whether a type named <paramref name="container"/> declares a nested type named <paramref name="name"/>.</summary>
    public bool IsNested(string container, string name) => _nested.Contains((container, name));
}
