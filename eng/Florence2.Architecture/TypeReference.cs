namespace Florence2.Architecture;

/// <summary>A file of one room names a type declared in another room.</summary>
internal sealed record TypeReference(string File, string FromRoom, string TypeName, string ToRoom);
