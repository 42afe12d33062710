namespace Florence2.Architecture;

/// <summary>
/// One declaration of a type in the library (a partial type has one per file): its simple name, its number of type
/// parameters, its namespace, the simple name of the type it is nested in ("" for none), its full name (namespace,
/// containing types, name, and <c>&lt;,&gt;</c> for the arity as <c>typeof</c> writes it) and where it is.
/// </summary>
internal sealed record DeclaredType(string Name, int Arity, string Namespace, string Container, string FullName, string File, string Room);
