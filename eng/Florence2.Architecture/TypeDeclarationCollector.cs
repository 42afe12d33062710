using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Florence2.Architecture;

/// <summary>The types a file declares: classes, records, structs, interfaces, enums and delegates, nested ones too.</summary>
internal static class TypeDeclarationCollector
{
    public static IEnumerable<DeclaredType> Collect(SyntaxNode root, string file)
    {
        var room = Rooms.Of(file);
        foreach (var node in root.DescendantNodes())
        {
            var (identifier, arity) = node switch
            {
                // Extension blocks (C# 14) are type declarations without a name: they declare members, not a type.
                TypeDeclarationSyntax type => (type.Identifier, type.TypeParameterList?.Parameters.Count ?? 0),
                EnumDeclarationSyntax enumeration => (enumeration.Identifier, 0),
                DelegateDeclarationSyntax @delegate => (@delegate.Identifier, @delegate.TypeParameterList?.Parameters.Count ?? 0),
                _ => (default(SyntaxToken), 0),
            };
            if (identifier.ValueText.Length == 0)
            {
                continue;
            }

            var name = identifier.ValueText;
            var ns = NamespaceOf(node);
            var containers = node.Ancestors().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.ValueText).ToList();
            var fullName = string.Join('.', new[] { ns }.Concat(containers).Append(name).Where(part => part.Length > 0))
                + (arity > 0 ? $"<{new string(',', arity - 1)}>" : string.Empty);
            yield return new DeclaredType(name, arity, ns, containers.LastOrDefault() ?? string.Empty, fullName, file, room);
        }
    }

    /// <summary>The namespace a node is declared in ("" for the global namespace), nested namespace blocks joined.</summary>
    public static string NamespaceOf(SyntaxNode node) =>
        string.Join('.', node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => NameText(n.Name)));

    /// <summary>A dotted name's identifiers joined by '.', without whitespace, comments or a <c>global::</c> alias.</summary>
    public static string NameText(NameSyntax name) =>
        string.Join('.', name.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
}
