using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Florence2.Architecture;

/// <summary>
/// The simple names a file uses in its code: identifiers and generic names in types and expressions, every part of
/// qualified names, attribute names with and without their <c>Attribute</c> suffix. Comments, XML doc comments (their
/// crefs), string literals, namespace names of <c>namespace</c> and plain <c>using</c> lines are not code uses.
/// </summary>
/// <remarks>
/// Syntax alone cannot tell a type from a member of the same name, so names that can only be members are left out:
/// a method being called (<c>Foo(…)</c>), the name after a dot unless the part before it is a namespace name or a
/// library type that declares a nested type of that name,
/// <c>?.Name</c>, named arguments, and the members set in an object initializer. A name in an expression that could
/// be either (<c>Foo.Bar()</c>, <c>nameof(Foo)</c>) counts unless the file declares a member, parameter or local of
/// that name.
/// </remarks>
internal static class NameUseCollector
{
    private enum Use
    {
        None,
        Type,
        TypeOrMember,
        Attribute,
    }

    /// <param name="root">The file's syntax root.</param>
    /// <param name="libraryNames">The namespaces and nested types declared in the library.</param>
    public static IReadOnlySet<UsedName> Collect(SyntaxNode root, LibraryNames libraryNames)
    {
        var memberNames = DeclaredMemberNames(root);
        var names = new HashSet<UsedName>();
        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            var text = name.Identifier.ValueText;
            var arity = name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0;
            switch (Classify(name, libraryNames))
            {
                case Use.Type:
                    names.Add(new UsedName(text, arity));
                    break;
                case Use.TypeOrMember when !memberNames.Contains(text):
                    names.Add(new UsedName(text, arity));
                    break;
                case Use.Attribute:
                    names.Add(new UsedName(text, arity));
                    names.Add(new UsedName(text + "Attribute", arity));
                    break;
                default:
                    break;
            }
        }

        return names;
    }

    private static Use Classify(SimpleNameSyntax name, LibraryNames libraryNames)
    {
        // The whole dotted name this simple name is part of (A.B.C, global::A.B).
        SyntaxNode top = name;
        while (top.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax)
        {
            top = top.Parent;
        }

        var isLastPart = top == name || top is QualifiedNameSyntax { Right: var right } && right == name
            || top is AliasQualifiedNameSyntax { Name: var aliased } && aliased == name;
        switch (top.Parent)
        {
            case BaseNamespaceDeclarationSyntax:
                return Use.None;
            case UsingDirectiveSyntax @using:
                // "using N;" names a namespace; "using static T;" and "using A = T;" name a type.
                return @using.Alias is null && @using.StaticKeyword.IsKind(SyntaxKind.None) ? Use.None : Use.Type;
            case AttributeSyntax:
                return isLastPart ? Use.Attribute : Use.Type;
            default:
                break;
        }

        if (top != name)
        {
            return Use.Type;
        }

        return name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name =>
                QualifiesAType(access.Expression, name, libraryNames) ? Use.Type : Use.None,
            MemberBindingExpressionSyntax => Use.None,
            NameColonSyntax or NameEqualsSyntax => Use.None,
            InvocationExpressionSyntax invocation when invocation.Expression == name => Use.None,
            AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } assignment when assignment.Left == name => Use.None,
            _ => SyntaxFacts.IsInNamespaceOrTypeContext(name) ? Use.Type : Use.TypeOrMember,
        };
    }

    /// <summary>
    /// Whether <c>qualifier.name</c> can name a type: the qualifier ends in a namespace name, or in a type that
    /// declares a nested type <paramref name="name"/>. Otherwise the name is a member (<c>AnswerKind.Text</c>).
    /// </summary>
    private static bool QualifiesAType(ExpressionSyntax qualifier, SimpleNameSyntax name, LibraryNames libraryNames)
    {
        var last = qualifier switch
        {
            SimpleNameSyntax simple => simple,
            MemberAccessExpressionSyntax access => access.Name,
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax aliased => aliased.Name,
            _ => null,
        };
        return last is not null
            && (libraryNames.IsNamespacePart(last.Identifier.ValueText) || libraryNames.IsNested(last.Identifier.ValueText, name.Identifier.ValueText));
    }

    /// <summary>Names the file declares for members, parameters, locals, type parameters and query variables.</summary>
    private static HashSet<string> DeclaredMemberNames(SyntaxNode root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in root.DescendantNodes())
        {
            var identifier = node switch
            {
                VariableDeclaratorSyntax variable => variable.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                PropertyDeclarationSyntax property => property.Identifier,
                MethodDeclarationSyntax method => method.Identifier,
                EventDeclarationSyntax @event => @event.Identifier,
                LocalFunctionStatementSyntax function => function.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                ForEachStatementSyntax forEach => forEach.Identifier,
                CatchDeclarationSyntax @catch => @catch.Identifier,
                EnumMemberDeclarationSyntax member => member.Identifier,
                TypeParameterSyntax typeParameter => typeParameter.Identifier,
                FromClauseSyntax from => from.Identifier,
                LetClauseSyntax let => let.Identifier,
                JoinClauseSyntax join => join.Identifier,
                JoinIntoClauseSyntax into => into.Identifier,
                QueryContinuationSyntax continuation => continuation.Identifier,
                _ => default,
            };
            if (identifier.ValueText.Length > 0)
            {
                names.Add(identifier.ValueText);
            }
        }

        return names;
    }
}
