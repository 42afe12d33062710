using System.Globalization;

namespace Florence2.Cli;

/// <summary>A plain-text table: columns padded to their widest cell; columns of numbers right-aligned, header included.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter output, string indent)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var numeric = Enumerable.Range(0, headers.Length).Select(i => _rows.All(r => r[i].Length == 0 || double.TryParse(r[i], CultureInfo.InvariantCulture, out _))).ToArray();
        foreach (var row in _rows.Prepend(headers))
        {
            var padded = row.Select((cell, i) => numeric[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            output.WriteLine(indent + string.Join("  ", padded).TrimEnd());
        }
    }
}
