namespace Florence2.DocSnippets;

/// <summary>
/// One fenced C# block of a Markdown file: where it starts (the line after the fence) and its text. A partial block
/// (<c>snippet-partial</c>) is not compiled; an alternative one (<c>snippet-alternative</c>) compiles alone but is left
/// out of a walk through the file, as it replaces the block before it.
/// </summary>
public sealed record CodeSnippet(string File, int FirstLine, string Code, bool IsPartial, bool IsAlternative = false)
{
    /// <summary>"docs/hosting.md:12": how the snippet is named in test names and errors.</summary>
    public string Name => $"{File}:{FirstLine}";
}
