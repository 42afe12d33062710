using System.Diagnostics;
using System.Globalization;

namespace Florence2.Cli;

/// <summary>
/// One status line on stderr, redrawn in place: bytes per file while a model downloads, then "n of m" over the images.
/// Silent when stderr is not a terminal, so logs and pipes get no carriage returns.
/// </summary>
internal sealed class ConsoleProgress(TextWriter error, bool enabled) : IProgress<DownloadProgress>
{
    private const int BarWidth = 24;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private string _file = "";
    private int _shown;

    public void Report(DownloadProgress value)
    {
        if (!enabled)
        {
            return;
        }

        lock (_gate)
        {
            var done = value.BytesTotal is { } total && value.BytesDone >= total;
            if (value.File != _file)
            {
                EndLine();
                _file = value.File;
            }
            else if (!done && _sinceDraw.Elapsed < Interval)
            {
                return;
            }

            var size = value.BytesTotal is { } t && t > 0
                ? $"{Bar((double)value.BytesDone / t)} {Megabytes(value.BytesDone)}/{Megabytes(t)} MB"
                : $"{Megabytes(value.BytesDone)} MB";
            Draw($"downloading {value.File} {size}");
            if (done)
            {
                EndLine();
                _file = "";
            }
        }
    }

    /// <summary>Shows "[n/m] image" while image n of m is processed.</summary>
    public void Image(int number, int count, string path)
    {
        if (enabled && count > 1)
        {
            lock (_gate)
            {
                Draw($"{Bar((double)(number - 1) / count)} {number}/{count} {Path.GetFileName(path)}");
            }
        }
    }

    /// <summary>Clears the status line so the next output starts on a clean line.</summary>
    public void Clear()
    {
        if (enabled)
        {
            lock (_gate)
            {
                Draw("");
            }
        }
    }

    private static string Bar(double fraction)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);

    private void Draw(string line)
    {
        // Pad over what the previous draw left on the line.
        error.Write("\r" + line.PadRight(_shown) + (line.Length == 0 ? "\r" : ""));
        error.Flush();
        _shown = line.Length;
        _sinceDraw.Restart();
    }

    private void EndLine()
    {
        if (_file.Length > 0)
        {
            error.WriteLine();
            _shown = 0;
        }
    }
}
