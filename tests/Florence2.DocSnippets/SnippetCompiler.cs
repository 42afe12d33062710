using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Florence2.DocSnippets;

/// <summary>
/// Compiles one documentation snippet as the top-level program of a console app that references the libraries,
/// ASP.NET Core and xunit. Its leading <c>using</c> lines stay first; then come the ambient variables it uses
/// without declaring (<see cref="Ambient"/>), then the rest. <c>#line</c> directives map every diagnostic back to
/// the Markdown file and line.
/// </summary>
public static partial class SnippetCompiler
{
    /// <summary>Names the docs may use without declaring them, as in "given a model and an image, ...".</summary>
    public static readonly IReadOnlyDictionary<string, string> Ambient = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = "Florence2.Florence2Model model = null!;",
        ["image"] = "Florence2.ImageInput image = null!;",
        ["bookCover"] = "Florence2.ImageInput bookCover = null!;",
        ["region"] = "Florence2.BoundingBox region = default;",
        ["modelDirectory"] = "string modelDirectory = \"\";",
        ["path"] = "string path = \"\";",
        ["folder"] = "string folder = \"\";",
        ["services"] = "Microsoft.Extensions.DependencyInjection.IServiceCollection services = null!;",
        ["configuration"] = "Microsoft.Extensions.Configuration.IConfiguration configuration = null!;",
        ["builder"] = "Microsoft.AspNetCore.Builder.WebApplicationBuilder builder = null!;",
        ["cancellationToken"] = "System.Threading.CancellationToken cancellationToken = default;",
    };

    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Florence2;
        global using Florence2.Testing;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Xunit;
        """;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    /// <summary>The snippet's compile errors as "file:line: error CSxxxx: message"; empty when it compiles.</summary>
    public static IReadOnlyList<string> Errors(CodeSnippet snippet)
    {
        var source = Compose(snippet);
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(GlobalUsings, options, path: "(global usings)", encoding: Encoding.UTF8),
            CSharpSyntaxTree.ParseText(source, options, path: snippet.File, encoding: Encoding.UTF8),
        };
        var compilation = CSharpCompilation.Create(
            "Snippet",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                var at = d.Location.GetMappedLineSpan();
                return $"{at.Path}:{at.StartLinePosition.Line + 1}: error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            })
            .ToList();
    }

    /// <summary>The program text: the snippet's using lines, the ambient declarations it needs, the rest.</summary>
    public static string Compose(CodeSnippet snippet)
    {
        var lines = snippet.Code.Split('\n');
        var usingCount = 0;
        while (usingCount < lines.Length && (UsingDirective().IsMatch(lines[usingCount]) || string.IsNullOrWhiteSpace(lines[usingCount])))
        {
            usingCount++;
        }

        var rest = string.Join('\n', lines[usingCount..]);
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"#line {snippet.FirstLine} \"{snippet.File}\"\n"));
        foreach (var line in lines[..usingCount])
        {
            text.Append(line).Append('\n');
        }

        text.Append("#line 1 \"(ambient declarations)\"\n");
        text.Append("_ = 0;\n");   // a statement even when the snippet has only types: it is compiled as a program
        foreach (var (name, declaration) in Ambient)
        {
            if (Regex.IsMatch(rest, $@"\b{name}\b") && !Regex.IsMatch(rest, $@"(\bvar|[\w>\]?])\s+{name}\s*=(?![=>])"))
            {
                text.Append(declaration).Append('\n');
            }
        }

        text.Append(FormattableString.Invariant($"#line {snippet.FirstLine + usingCount} \"{snippet.File}\"\n"));
        text.Append(rest).Append('\n');
        return text.ToString();
    }

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>]+)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();
}
