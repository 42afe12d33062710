namespace Florence2.Architecture;

/// <summary>One C# file of the library: its path relative to the library folder (separated by '/') and its text.</summary>
internal sealed record SourceFile(string Path, string Text);
