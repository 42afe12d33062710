using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Florence2.Architecture;

/// <summary>
/// The namespaces whose types a file sees without qualification, in C#'s order of lookup: the namespace it declares,
/// then each parent namespace, then the global namespace, then its <c>using</c> namespaces (the library's
/// <c>global using</c> ones included). A type found earlier hides one found later.
/// </summary>
internal sealed class FileScope
{
    private readonly Dictionary<string, int> _rank;

    private FileScope(Dictionary<string, int> rank) => _rank = rank;

    public static FileScope Of(SyntaxNode root, IEnumerable<string> globalUsings)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        var deepest = 0;
        foreach (var declaration in root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
        {
            var name = TypeDeclarationCollector.NamespaceOf(declaration);
            name = name.Length == 0 ? TypeDeclarationCollector.NameText(declaration.Name) : $"{name}.{TypeDeclarationCollector.NameText(declaration.Name)}";
            var parts = name.Split('.');
            deepest = Math.Max(deepest, parts.Length);
            for (var length = parts.Length; length > 0; length--)
            {
                // Innermost first: A.B.C is 0, A.B is 1, A is 2.
                Add(rank, string.Join('.', parts[..length]), parts.Length - length);
            }
        }

        Add(rank, string.Empty, deepest);
        foreach (var ns in NamespaceUsings(root, global: false).Concat(globalUsings))
        {
            Add(rank, ns, deepest + 1);
        }

        return new FileScope(rank);
    }

    /// <summary>The namespaces of a file's plain <c>using</c> lines (only <c>global using</c> ones when <paramref name="global"/>).</summary>
    public static IEnumerable<string> NamespaceUsings(SyntaxNode root, bool global) =>
        root.DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Where(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name is not null)
            .Where(u => !global || u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
            .Select(u => TypeDeclarationCollector.NameText(u.Name!));

    /// <summary>How early lookup reaches a namespace (0 first), or null when the file does not see its types unqualified.</summary>
    public int? Rank(string ns) => _rank.TryGetValue(ns, out var rank) ? rank : null;

    private static void Add(Dictionary<string, int> rank, string ns, int value) =>
        rank[ns] = rank.TryGetValue(ns, out var existing) ? Math.Min(existing, value) : value;
}
