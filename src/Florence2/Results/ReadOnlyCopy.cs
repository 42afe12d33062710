namespace Florence2;

// In the root namespace, not Florence2.Results: a namespace of that name would hide ASP.NET Core's Results class from
// code in Florence2.* namespaces.

/// <summary>Snapshots caller lists into read-only wrappers, so result objects stay immutable whatever the caller does to its list later.</summary>
internal static class ReadOnlyCopy
{
    /// <summary>A read-only copy of <paramref name="items"/>; throws when it or one of its items is null.</summary>
    public static IReadOnlyList<T> Of<T>(IReadOnlyList<T> items, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(items, parameterName);
        var copy = new T[items.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = items[i] ?? throw new ArgumentNullException(parameterName, $"Item {i} of {parameterName} is null.");
        }

        return Array.AsReadOnly(copy);
    }
}
