using Florence2.Architecture;

namespace Florence2.Tests.Architecture;

public sealed class ArchitectureAppTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("florence2-architecture-").FullName;

    private string Library => Path.Combine(_directory, "lib");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Check_fails_on_a_circle_and_passes_once_the_arrow_back_is_gone()
    {
        Write("A/One.cs", "namespace Lib; class One { Two? t; }");
        Write("B/Two.cs", "namespace Lib; class Two { One? o; }");

        var (code, output, error) = Run(Library, "--check");

        Assert.Equal(1, code);
        Assert.Contains("- `B/Two.cs` names `One`", output, StringComparison.Ordinal);
        Assert.Contains("2 rooms, 2 arrows, 1 circle; a circle between folders fails the check", error, StringComparison.Ordinal);

        Write("B/Two.cs", "namespace Lib; class Two { }");

        Assert.Equal(0, Run(Library, "--check").Code);
    }

    [Fact]
    public void Files_under_bin_and_obj_are_not_read()
    {
        Write("A/One.cs", "namespace Lib; class One { Two? t; }");
        Write("B/Two.cs", "namespace Lib; class Two { }");
        Write("B/obj/Release/Generated.cs", "namespace Lib; class Generated { One? o; }");
        Write("B/bin/Copy.cs", "namespace Lib; class Copy { One? o; }");

        var (code, output, _) = Run(Library, "--check");

        Assert.Equal(0, code);
        Assert.EndsWith("2 rooms, 1 arrow, 0 circles\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_doc_fills_the_block_and_check_doc_fails_until_it_is_written()
    {
        Write("A/One.cs", "namespace Lib; class One { Two? t; }");
        Write("B/Two.cs", "namespace Lib; class Two { }");
        var doc = Path.Combine(_directory, "architecture.md");
        File.WriteAllText(doc, "# Architecture\n\n<!-- folder-graph:begin -->\nstale\n<!-- folder-graph:end -->\n\nAfter.\n");

        var stale = Run(Library, "--check-doc", doc);
        var written = Run(Library, "--write-doc", doc);
        var fresh = Run(Library, "--check-doc", doc);

        Assert.Equal(1, stale.Code);
        Assert.Contains("is out of date", stale.Error, StringComparison.Ordinal);
        Assert.Equal(0, written.Code);
        Assert.Equal(0, fresh.Code);
        Assert.Equal($"# Architecture\n\n<!-- folder-graph:begin -->\n{written.Output}<!-- folder-graph:end -->\n\nAfter.\n", File.ReadAllText(doc));
    }

    [Fact]
    public void A_missing_or_empty_folder_and_unknown_arguments_are_usage_errors()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty", "obj"));
        File.WriteAllText(Path.Combine(_directory, "empty", "obj", "Only.cs"), "class Only { }");

        var missing = Run(Path.Combine(_directory, "nowhere"));
        var empty = Run(Path.Combine(_directory, "empty"));
        var unknown = Run(_directory, "--chekc");
        var none = Run();

        Assert.Equal((2, true), (missing.Code, missing.Error.Contains("nowhere' does not exist", StringComparison.Ordinal)));
        Assert.Equal((2, true), (empty.Code, empty.Error.Contains("holds no .cs file", StringComparison.Ordinal)));
        Assert.Equal((2, true), (unknown.Code, unknown.Error.Contains("Unexpected argument '--chekc'", StringComparison.Ordinal)));
        Assert.Equal((2, true), (none.Code, none.Error.Contains("The library folder is missing", StringComparison.Ordinal)));
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(Library, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ArchitectureApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
