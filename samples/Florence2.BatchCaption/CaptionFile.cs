using Florence2.Samples.Json;

namespace Florence2.BatchCaption;

/// <summary>
/// The optional output file: CSV ("file,caption" with RFC 4180 quoting) or JSON lines, one result per line in the samples'
/// result contract (docs/json.md) with the file name as <c>image</c>. Not thread-safe: the caller serialises writes.
/// </summary>
internal sealed class CaptionFile : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly bool _csv;

    private CaptionFile(StreamWriter writer, bool csv)
    {
        _writer = writer;
        _csv = csv;
    }

    public static async Task<CaptionFile> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var csv = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var writer = new StreamWriter(path, append: false) { NewLine = "\n" };
        if (csv)
        {
            await writer.WriteLineAsync("file,caption".AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return new CaptionFile(writer, csv);
    }

    public Task WriteAsync(string file, string task, TextResult caption, CancellationToken cancellationToken)
    {
        var line = _csv
            ? $"{Quote(file)},{Quote(caption.Text)}"
            : ResultContract.Serialize(ResultContract.From(caption, task, image: file));
        return _writer.WriteLineAsync(line.AsMemory(), cancellationToken);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    // A field is quoted when it holds a comma, a quote or a line break; quotes inside are doubled.
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
