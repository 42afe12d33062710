namespace Florence2.Architecture;

/// <summary>A simple name and arity declared by more than one type (different full names): uses of it are resolved by namespace.</summary>
internal sealed record SharedName(string Name, IReadOnlyList<DeclaredType> Declarations);
