namespace Florence2.Architecture;

/// <summary>A simple name that a file uses in its code, with the number of type arguments it is given (0 for none).</summary>
internal readonly record struct UsedName(string Name, int Arity);
