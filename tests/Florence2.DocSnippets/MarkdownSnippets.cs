namespace Florence2.DocSnippets;

/// <summary>
/// Finds the C# blocks of the documentation: <c>```csharp</c> fences in README.md, docs/*.md and src/*/README.md.
/// A block fenced <c>```csharp snippet-partial</c> is listed but not compiled (signatures, fragments); one fenced
/// <c>```csharp snippet-alternative</c> is compiled but left out of a walk through its file.
/// </summary>
public static class MarkdownSnippets
{
    public const string PartialMarker = "snippet-partial";

    public const string AlternativeMarker = "snippet-alternative";

    public static string RepositoryRoot { get; } = FindRoot();

    public static IReadOnlyList<string> DocumentationFiles()
    {
        var files = new List<string> { "README.md" };
        files.AddRange(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Select(Relative));
        files.AddRange(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "README.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Relative));
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static IReadOnlyList<CodeSnippet> All() =>
        DocumentationFiles().SelectMany(f => Extract(f, File.ReadAllText(Path.Combine(RepositoryRoot, f)))).ToList();

    /// <summary>The C# blocks of one Markdown text; <paramref name="file"/> names it in the results.</summary>
    public static IReadOnlyList<CodeSnippet> Extract(string file, string markdown)
    {
        var snippets = new List<CodeSnippet>();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].Trim();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var info = fence[3..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].Trim().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new FormatException($"{file}:{i + 1}: the code block is not closed.");
            }

            if (info.Length > 0 && info[0] is "csharp" or "cs" or "c#")
            {
                snippets.Add(new CodeSnippet(file, start + 1, string.Join('\n', lines[start..end]), info.Contains(PartialMarker), info.Contains(AlternativeMarker)));
            }

            i = end;
        }

        return snippets;
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Florence2.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Florence2.sln.");
    }
}
