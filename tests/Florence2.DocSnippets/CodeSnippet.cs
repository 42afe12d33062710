namespace Florence2.DocSnippets;

/// <summary>One fenced C# block of a Markdown file: where it starts (the line after the fence) and its text.</summary>
public sealed record CodeSnippet(string File, int FirstLine, string Code, bool IsPartial)
{
    /// <summary>"docs/hosting.md:12": how the snippet is named in test names and errors.</summary>
    public string Name => $"{File}:{FirstLine}";
}
