namespace Florence2.Architecture;

/// <summary>Room <paramref name="From"/> names types of room <paramref name="To"/>: every file-to-type reference behind it.</summary>
internal sealed record Arrow(string From, string To, IReadOnlyList<TypeReference> References)
{
    /// <summary>How many files of <see cref="From"/> name a type of <see cref="To"/>.</summary>
    public int FileCount => References.Select(r => r.File).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Each type named, with how many files name it, ordered by type name.</summary>
    public IReadOnlyList<(string TypeName, int FileCount)> Types =>
        References.GroupBy(r => r.TypeName, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(r => r.File).Distinct(StringComparer.Ordinal).Count()))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
}
