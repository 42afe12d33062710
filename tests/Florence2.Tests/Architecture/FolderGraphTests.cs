using Florence2.Architecture;

namespace Florence2.Tests.Architecture;

public sealed class FolderGraphTests
{
    [Fact]
    public void A_circle_between_two_rooms_is_found_with_the_references_that_close_it()
    {
        var graph = FolderGraph.Build([
            new SourceFile("Results/Detection.cs", "namespace Lib; public sealed class Detection { public ReadOnlyCopy Copy { get; } = new(); public Box Where { get; } }"),
            new SourceFile("Parsing/ReadOnlyCopy.cs", "namespace Lib; public sealed class ReadOnlyCopy { }"),
            new SourceFile("Parsing/Parser.cs", "namespace Lib; public static class Parser { public static Detection Parse() => new(); }"),
            new SourceFile("Geometry/Box.cs", "namespace Lib; public readonly record struct Box(int X);"),
        ]);

        Assert.Equal(["Geometry", "Parsing", "Results"], graph.Rooms);
        Assert.Equal(
            ["Parsing -> Results: Parsing/Parser.cs names Detection", "Results -> Geometry: Results/Detection.cs names Box", "Results -> Parsing: Results/Detection.cs names ReadOnlyCopy"],
            graph.Arrows.SelectMany(a => a.References.Select(r => $"{a.From} -> {a.To}: {r.File} names {r.TypeName}")));
        var circle = Assert.Single(graph.Circles);
        Assert.Equal(["Parsing", "Results"], circle.Rooms);
        Assert.Equal(
            ["Parsing -> Results -> Parsing", "Results -> Parsing -> Results"],
            circle.Arrows.Select(a => string.Join(" -> ", a.Loop)));
        Assert.Equal("3 rooms, 3 arrows, 1 circle", FolderGraphMarkdown.Summary(graph));
    }

    [Fact]
    public void An_acyclic_graph_has_arrows_and_no_circle()
    {
        var graph = FolderGraph.Build([
            new SourceFile("A/First.cs", "namespace Lib; public sealed class First { Second? s; Third? t; }"),
            new SourceFile("B/Second.cs", "namespace Lib; public sealed class Second { Third? t; }"),
            new SourceFile("C/Third.cs", "namespace Lib; public sealed class Third { }"),
        ]);

        Assert.Equal(["A -> B", "A -> C", "B -> C"], graph.Arrows.Select(a => $"{a.From} -> {a.To}"));
        Assert.Empty(graph.Circles);
        Assert.Equal("3 rooms, 3 arrows, 0 circles", FolderGraphMarkdown.Summary(graph));
    }

    [Fact]
    public void A_circle_of_three_rooms_shows_each_arrow_with_the_way_back()
    {
        var graph = FolderGraph.Build([
            new SourceFile("A/One.cs", "namespace Lib; class One { Two? t; }"),
            new SourceFile("B/Two.cs", "namespace Lib; class Two { Three? t; }"),
            new SourceFile("C/Three.cs", "namespace Lib; class Three { One? o; Tail? t; }"),
            new SourceFile("D/Tail.cs", "namespace Lib; class Tail { }"),
        ]);

        var circle = Assert.Single(graph.Circles);
        Assert.Equal(["A", "B", "C"], circle.Rooms);
        Assert.Equal(
            ["A -> B -> C -> A", "B -> C -> A -> B", "C -> A -> B -> C"],
            circle.Arrows.Select(a => string.Join(" -> ", a.Loop)));
        Assert.Equal("4 rooms, 4 arrows, 1 circle", FolderGraphMarkdown.Summary(graph));
    }

    [Fact]
    public void Files_directly_in_the_library_folder_are_the_root_room()
    {
        var graph = FolderGraph.Build([
            new SourceFile("Facade.cs", "namespace Lib; public sealed class Facade { Worker? w; }"),
            new SourceFile("Work/Worker.cs", "namespace Lib.Work; sealed class Worker { Facade? back; }"),
        ]);

        Assert.Equal(["(root)", "Work"], graph.Rooms);
        Assert.Equal(["(root)", "Work"], Assert.Single(graph.Circles).Rooms);
    }

    [Fact]
    public void Names_in_comments_doc_comments_strings_and_disabled_code_are_not_references()
    {
        var graph = FolderGraph.Build([
            new SourceFile("A/User.cs", """
                namespace Lib;

                /// <summary>Uses <see cref="Target"/> and <see cref="Target.Create"/>.</summary>
                public sealed class User
                {
                    // A Target would do here.
                    /* Target */
                    private const string Name = "Target";
                    private readonly string _text = $"the {Name} is not a Target";
                #if NEVER
                    private readonly Target _target = new();
                #endif
                }
                """),
            new SourceFile("B/Target.cs", "namespace Lib; public sealed class Target { public static Target Create() => new(); }"),
        ]);

        Assert.Empty(graph.Arrows);
    }

    [Theory]
    [InlineData("Target t = null!;", "Target")]
    [InlineData("var t = new Target();", "Target")]
    [InlineData("var t = typeof(Target);", "Target")]
    [InlineData("var n = nameof(Target);", "Target")]
    [InlineData("Target.Create();", "Target")]
    [InlineData("var t = Lib.B.Target.Create();", "Target")]
    [InlineData("var t = global::Lib.B.Target.Create();", "Target")]
    [InlineData("var list = new List<Target>();", "Target")]
    [InlineData("Generic<int>? g = null;", "Generic")]
    [InlineData("Outer.Nested? n = null;", "Nested,Outer")]
    [InlineData("var n = Outer.Nested.Make();", "Nested,Outer")]
    [InlineData("object o = 1; if (o is Target t) { }", "Target")]
    [InlineData("object o = 1; var t = (Target)o;", "Target")]
    [InlineData("Func<Target, int> f = _ => 1;", "Target")]
    [InlineData("var t = default(Target);", "Target")]
    public void Names_in_code_are_references_wherever_they_stand(string statement, string typeNames)
    {
        var graph = FolderGraph.Build([
            new SourceFile("A/User.cs", $$"""
                using Lib.B;

                namespace Lib.A;

                public static class User
                {
                    public static void Run()
                    {
                        {{statement}}
                    }
                }
                """),
            new SourceFile("B/Types.cs", """
                namespace Lib.B;

                public sealed class Target { public static Target Create() => new(); }
                public sealed class Generic<T> { }
                public sealed class Outer { public sealed class Nested { public static Nested Make() => new(); } }
                """),
        ]);

        var arrow = Assert.Single(graph.Arrows);
        Assert.Equal(("A", "B"), (arrow.From, arrow.To));
        Assert.Equal(typeNames.Split(','), arrow.References.Select(r => r.TypeName));
    }

    [Theory]
    [InlineData("[Marker] static void M() { }")]
    [InlineData("[MarkerAttribute] static void M() { }")]
    [InlineData("[Lib.B.Marker] static void M() { }")]
    [InlineData("static void M([Marker] int x) { }")]
    public void An_attribute_names_its_attribute_class_with_or_without_the_suffix(string member)
    {
        var graph = FolderGraph.Build([
            new SourceFile("A/User.cs", $$"""namespace Lib.A; static class User { {{member}} }"""),
            new SourceFile("B/MarkerAttribute.cs", "namespace Lib.B; sealed class MarkerAttribute : System.Attribute { }"),
        ]);

        Assert.Equal("MarkerAttribute", Assert.Single(Assert.Single(graph.Arrows).References).TypeName);
    }

    [Theory]
    [InlineData("var x = holder.Target;")]
    [InlineData("var x = holder?.Target;")]
    [InlineData("var x = new Holder { Target = 1 };")]
    [InlineData("var x = holder with { Target = 2 };")]
    [InlineData("Holder.Call(Target: 1);")]
    [InlineData("var x = new { Target = 1 };")]
    [InlineData("if (holder is { Target: 1 }) { }")]
    [InlineData("holder.Target();")]
    [InlineData("Target();")]
    [InlineData("int Target = 0; Target++;")]
    [InlineData("foreach (var Target in new[] { 1 }) { _ = Target; }")]
    [InlineData("var kind = Kind.Target;")]
    public void Member_names_that_match_a_type_name_are_not_references(string statement)
    {
        var graph = FolderGraph.Build([
            new SourceFile("A/User.cs", $$"""
                namespace Lib.A;

                public static class User
                {
                    public static void Run(Holder holder)
                    {
                        {{statement}}
                    }
                }
                """),
            new SourceFile("A/Holder.cs", "namespace Lib.A; public sealed record Holder { public int Target { get; init; } public static void Call(int Target) { } }"),
            new SourceFile("A/Kind.cs", "namespace Lib.A; public enum Kind { Target }"),
            new SourceFile("B/Target.cs", "namespace Lib.B; public sealed class Target { }"),
        ]);

        Assert.Empty(graph.Arrows);
    }

    [Fact]
    public void A_name_the_file_declares_itself_is_not_a_reference_to_another_room()
    {
        var graph = FolderGraph.Build([
            new SourceFile("A/User.cs", "namespace Lib; class User { private sealed class Target { } Target? t; }"),
            new SourceFile("B/Target.cs", "namespace Lib; public sealed class Target { }"),
        ]);

        Assert.Empty(graph.Arrows);
    }

    [Fact]
    public void A_shared_name_is_reported_and_resolved_by_namespace_else_counted_for_each_room()
    {
        var graph = FolderGraph.Build([
            new SourceFile("B/Options.cs", "namespace Lib.B; public sealed class Options { }"),
            new SourceFile("C/Options.cs", "namespace Lib.C; public sealed class Options { }"),
            new SourceFile("A/WithUsing.cs", "using Lib.B; namespace Lib.A; sealed class WithUsing { Options? o; }"),
            new SourceFile("D/Unresolved.cs", "namespace Lib.D; sealed class Unresolved { Options? o; }"),
            new SourceFile("E/Inside.cs", "using Lib.B; namespace Lib.C.Deep; sealed class Inside { Options? o; }"),
        ]);

        // E sees Lib.B through its using, but its parent namespace Lib.C comes first in C#'s lookup.
        Assert.Equal(["A -> B", "D -> B", "D -> C", "E -> C"], graph.Arrows.Select(a => $"{a.From} -> {a.To}"));
        var shared = Assert.Single(graph.SharedNames);
        Assert.Equal("Options", shared.Name);
        Assert.Equal(["Lib.B.Options", "Lib.C.Options"], shared.Declarations.Select(d => d.FullName));
    }

    [Fact]
    public void A_global_using_of_any_file_resolves_a_shared_name_in_every_file()
    {
        var graph = FolderGraph.Build([
            new SourceFile("B/Options.cs", "namespace Lib.B; public sealed class Options { }"),
            new SourceFile("C/Options.cs", "namespace Lib.C; public sealed class Options { }"),
            new SourceFile("F/GlobalUsings.cs", "global using Lib.C;"),
            new SourceFile("G/User.cs", "namespace Lib.G; sealed class User { Options? o; }"),
        ]);

        Assert.Equal(["G -> C"], graph.Arrows.Select(a => $"{a.From} -> {a.To}"));
    }

    [Fact]
    public void A_generic_and_a_plain_type_of_one_name_are_told_apart_by_type_arguments_and_not_reported()
    {
        var graph = FolderGraph.Build([
            new SourceFile("B/Box.cs", "namespace Lib; public sealed class Box { }"),
            new SourceFile("C/BoxOfT.cs", "namespace Lib; public sealed class Box<T> { }"),
            new SourceFile("A/Plain.cs", "namespace Lib; sealed class Plain { Box? b; }"),
            new SourceFile("D/Generic.cs", "namespace Lib; sealed class Generic { Box<int>? b; }"),
        ]);

        Assert.Equal(["A -> B", "D -> C"], graph.Arrows.Select(a => $"{a.From} -> {a.To}"));
        Assert.Empty(graph.SharedNames);
    }

    [Fact]
    public void Every_kind_of_type_declaration_is_a_target_and_an_extension_block_is_not_a_type()
    {
        var graph = FolderGraph.Build([
            new SourceFile("B/Kinds.cs", """
                namespace Lib;

                public class AClass { public sealed class ANested { } }
                public record ARecord;
                public record struct ARecordStruct;
                public struct AStruct { }
                public interface IAnInterface { }
                public enum AnEnum { One }
                public delegate void ADelegate();
                public static class Extensions { extension(AClass value) { public int Size => 1; } }
                """),
            new SourceFile("A/User.cs", """
                namespace Lib;

                sealed class User
                {
                    AClass? a; AClass.ANested? n; ARecord? r; ARecordStruct s; AStruct t; IAnInterface? i; AnEnum e; ADelegate? d;
                }
                """),
        ]);

        Assert.Equal(
            ["AClass", "ADelegate", "ANested", "ARecord", "ARecordStruct", "AStruct", "AnEnum", "IAnInterface"],
            Assert.Single(graph.Arrows).Types.Select(t => t.TypeName));
    }

    [Fact]
    public void The_markdown_lists_arrows_circles_and_the_summary_in_a_stable_order()
    {
        SourceFile[] files = [
            new SourceFile("Results/Detection.cs", "namespace Lib; public sealed class Detection { ReadOnlyCopy? c; Box b; }"),
            new SourceFile("Results/Grounding.cs", "namespace Lib; public sealed class Grounding { ReadOnlyCopy? c; }"),
            new SourceFile("Parsing/ReadOnlyCopy.cs", "namespace Lib; public sealed class ReadOnlyCopy { }"),
            new SourceFile("Parsing/Parser.cs", "namespace Lib; public static class Parser { static Detection? d; }"),
            new SourceFile("Geometry/Box.cs", "namespace Lib; public readonly record struct Box(int X);"),
        ];

        var markdown = FolderGraphMarkdown.Render(FolderGraph.Build(files));
        var reversed = FolderGraphMarkdown.Render(FolderGraph.Build(files.Reverse().ToArray()));

        Assert.Equal(
            """
            | from | to | files | types named (files naming each) |
            |---|---|---:|---|
            | Parsing | Results | 1 file | `Detection` (1 file) |
            | Results | Geometry | 1 file | `Box` (1 file) |
            | Results | Parsing | 2 files | `ReadOnlyCopy` (2 files) |

            Rooms that name no other room: Geometry.

            Circles between rooms (strongly connected rooms; each arrow listed lies on the circle shown after it, and a circle is gone once one of its arrows is):

            1. Parsing, Results
               - Parsing -> Results, closing Parsing -> Results -> Parsing:
                 - `Parsing/Parser.cs` names `Detection`
               - Results -> Parsing, closing Results -> Parsing -> Results:
                 - `Results/Detection.cs` names `ReadOnlyCopy`
                 - `Results/Grounding.cs` names `ReadOnlyCopy`

            3 rooms, 3 arrows, 1 circle

            """.ReplaceLineEndings("\n"),
            markdown);
        Assert.Equal(markdown, reversed);
    }
}
