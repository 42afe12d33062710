namespace Florence2.Architecture;

/// <summary>
/// The command line: prints the folder graph of a library folder as markdown, writes it into a document or checks
/// that the document holds it, and fails on circles between folders.
/// </summary>
internal static class ArchitectureApp
{
    private const string Usage = """
        usage: Florence2.Architecture <library folder> [--check] [--write-doc FILE] [--check-doc FILE]
          prints which folders name types of which other folders, and the circles between folders (markdown)
          --check           exit 1 when there is a circle between folders
          --write-doc FILE  replace the lines between <!-- folder-graph:begin --> and <!-- folder-graph:end --> with the output
          --check-doc FILE  exit 1 when those lines of FILE are not the output
        Exit code 0 when every check passed, 1 when one failed, 2 on bad usage or unreadable input.
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? folder = null;
        string? writeDoc = null;
        string? checkDoc = null;
        var check = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--check":
                    check = true;
                    break;
                case "--write-doc" when i + 1 < args.Length:
                    writeDoc = args[++i];
                    break;
                case "--check-doc" when i + 1 < args.Length:
                    checkDoc = args[++i];
                    break;
                case var positional when folder is null && !positional.StartsWith("--", StringComparison.Ordinal):
                    folder = positional;
                    break;
                default:
                    error.WriteLine($"Unexpected argument '{args[i]}'.");
                    error.WriteLine(Usage);
                    return 2;
            }
        }

        if (folder is null)
        {
            error.WriteLine("The library folder is missing.");
            error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var graph = FolderGraph.Build(LibrarySource.Read(folder));
            var markdown = FolderGraphMarkdown.Render(graph);
            output.Write(markdown);
            foreach (var shared in graph.SharedNames)
            {
                error.WriteLine($"warning: the name '{shared.Name}' is declared by more than one type: "
                    + string.Join(", ", shared.Declarations.Select(d => $"{d.FullName} in {d.File}")));
            }

            var failed = false;
            if (writeDoc is not null)
            {
                var document = File.ReadAllText(writeDoc);
                var updated = MarkedBlock.Replace(document, markdown);
                if (updated != document)
                {
                    File.WriteAllText(writeDoc, updated);
                }

                error.WriteLine(updated == document ? $"{writeDoc}: the folder graph was up to date." : $"{writeDoc}: the folder graph was written.");
            }

            if (checkDoc is not null && !MarkedBlock.IsUpToDate(File.ReadAllText(checkDoc), markdown))
            {
                error.WriteLine($"{checkDoc}: the folder graph between '{MarkedBlock.Begin}' and '{MarkedBlock.End}' is out of date; "
                    + $"update it with: dotnet run --project eng/Florence2.Architecture -- {folder} --write-doc {checkDoc}");
                failed = true;
            }

            if (check && graph.Circles.Count > 0)
            {
                error.WriteLine($"{folder}: {FolderGraphMarkdown.Summary(graph)}; a circle between folders fails the check (the circles and the references that close them are listed above).");
                failed = true;
            }

            return failed ? 1 : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            error.WriteLine(exception.Message);
            return 2;
        }
    }
}
