namespace Florence2.DocSnippets;

/// <summary>Every C# block of the documentation compiles against the libraries (blocks marked snippet-partial excepted).</summary>
public sealed class DocSnippetTests
{
    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (var snippet in MarkdownSnippets.All().Where(s => !s.IsPartial))
        {
            data.Add(snippet.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_compiles(string name)
    {
        var snippet = MarkdownSnippets.All().Single(s => s.Name == name);

        var errors = SnippetCompiler.Errors(snippet);

        Assert.True(errors.Count == 0, $"{name} does not compile:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void The_docs_have_compiled_snippets_and_few_partial_ones()
    {
        var all = MarkdownSnippets.All();

        // README, getting started and the package READMEs each show code that must compile.
        foreach (var file in new[] { "README.md", "docs/getting-started.md", "src/Florence2/README.md", "src/Florence2.Testing/README.md", "src/Florence2.AI/README.md" })
        {
            Assert.Contains(all, s => s.File == file && !s.IsPartial);
        }

        // Partial snippets are the exception: signature lists and fragments, not examples.
        Assert.True(all.Count(s => s.IsPartial) <= 3, string.Join(", ", all.Where(s => s.IsPartial).Select(s => s.Name)));
    }

    [Fact]
    public void A_broken_snippet_is_reported_at_its_markdown_line()
    {
        const string markdown = "# Title\n\n```csharp\nusing Florence2;\n\nvar m = Florence2Model.NoSuchMethod();\n```\n";
        var snippet = Assert.Single(MarkdownSnippets.Extract("docs/fake.md", markdown));

        var errors = SnippetCompiler.Errors(snippet);

        var error = Assert.Single(errors);
        Assert.StartsWith("docs/fake.md:6: error CS0117:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ambient_names_are_declared_only_when_the_snippet_does_not_declare_them()
    {
        var uses = new CodeSnippet("a.md", 1, "var caption = model.Caption(image).Text;", IsPartial: false);
        var declares = new CodeSnippet("a.md", 1, "using var model = Florence2Model.Load(\"m\");\nmodel.Caption(image);", IsPartial: false);

        Assert.Empty(SnippetCompiler.Errors(uses));
        Assert.Empty(SnippetCompiler.Errors(declares));
        Assert.Contains("Florence2.Florence2Model model = null!;", SnippetCompiler.Compose(uses), StringComparison.Ordinal);
        Assert.DoesNotContain("Florence2.Florence2Model model = null!;", SnippetCompiler.Compose(declares), StringComparison.Ordinal);
    }

    [Fact]
    public void Extraction_skips_other_languages_and_flags_partial_blocks()
    {
        const string markdown = "```bash\ndotnet run\n```\n```csharp snippet-partial\nvoid F();\n```\n```csharp\nint x = 1;\n```\n";

        var snippets = MarkdownSnippets.Extract("b.md", markdown);

        Assert.Equal(["b.md:5", "b.md:8"], snippets.Select(s => s.Name));
        Assert.Equal([true, false], snippets.Select(s => s.IsPartial));
    }
}
