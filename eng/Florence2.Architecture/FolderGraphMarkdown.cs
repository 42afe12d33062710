using System.Globalization;
using System.Text;

namespace Florence2.Architecture;

/// <summary>The folder graph as markdown, in a stable order: the arrows, the circles with the references that close them, a summary line.</summary>
internal static class FolderGraphMarkdown
{
    public static string Render(FolderGraph graph)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line("| from | to | files | types named (files naming each) |");
        Line("|---|---|---:|---|");
        foreach (var arrow in graph.Arrows)
        {
            var types = string.Join(", ", arrow.Types.Select(t => $"`{t.TypeName}` ({Count(t.FileCount)})"));
            Line($"| {arrow.From} | {arrow.To} | {Count(arrow.FileCount)} | {types} |");
        }

        var silent = graph.Rooms.Where(room => !graph.Arrows.Any(a => a.From == room)).ToList();
        Line();
        Line(silent.Count == 0 ? "Every room names another room." : $"Rooms that name no other room: {string.Join(", ", silent)}.");
        Line();

        if (graph.Circles.Count == 0)
        {
            Line("Circles between rooms: none.");
        }
        else
        {
            Line("Circles between rooms (strongly connected rooms; each arrow listed lies on the circle shown after it, and a circle is gone once one of its arrows is):");
            Line();
            var number = 0;
            foreach (var circle in graph.Circles)
            {
                number++;
                Line($"{number}. {string.Join(", ", circle.Rooms)}");
                foreach (var (arrow, loop) in circle.Arrows)
                {
                    Line($"   - {arrow.From} -> {arrow.To}, closing {string.Join(" -> ", loop)}:");
                    foreach (var reference in arrow.References)
                    {
                        Line($"     - `{reference.File}` names `{reference.TypeName}`");
                    }
                }
            }
        }

        if (graph.SharedNames.Count > 0)
        {
            Line();
            Line("Names declared by more than one type (a use is resolved by namespace, else counted for each):");
            Line();
            foreach (var shared in graph.SharedNames)
            {
                var where = string.Join(", ", shared.Declarations.Select(d => $"`{d.FullName}` in `{d.File}`"));
                Line($"- `{shared.Name}`: {where}");
            }
        }

        Line();
        Line(Summary(graph));
        return text.ToString();
    }

    /// <summary>"N rooms, M arrows, K circles".</summary>
    public static string Summary(FolderGraph graph) =>
        $"{Plural(graph.Rooms.Count, "room")}, {Plural(graph.Arrows.Count, "arrow")}, {Plural(graph.Circles.Count, "circle")}";

    private static string Count(int files) => Plural(files, "file");

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
