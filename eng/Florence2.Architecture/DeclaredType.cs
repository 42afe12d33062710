namespace Florence2.Architecture;

/// <summary>
/// One declaration of a type in the library (a partial type has one per file): its simple name, its number of type
/// parameters, its namespace, its full name (namespace, containing types, name, and <c>&lt;,&gt;</c> for the arity
/// as <c>typeof</c> writes it) and where it is.
/// </summary>
internal sealed record DeclaredType(string Name, int Arity, string Namespace, string FullName, string File, string Room);
