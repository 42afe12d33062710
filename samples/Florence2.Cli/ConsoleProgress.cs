using System.Diagnostics;
using System.Globalization;
using Florence2.Samples;

namespace Florence2.Cli;

/// <summary>
/// One status line on stderr, redrawn in place: what the model load is waiting for, bytes per file while a model
/// downloads, then "n/m" over the images with elapsed time, rate and ETA. Silent when stderr is not a terminal, so
/// logs and pipes get no carriage returns; <see cref="Line"/> writes whole lines either way. Thread-safe.
/// </summary>
internal sealed class ConsoleProgress(TextWriter error, bool enabled, TimeProvider? clock = null) : IProgress<DownloadProgress>
{
    private const int BarWidth = 24;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private string _file = "";
    private int _shown;
    private string _status = "";
    private ThroughputMeter? _images;

    public void Report(DownloadProgress value)
    {
        if (!enabled)
        {
            return;
        }

        lock (_gate)
        {
            var done = value.BytesTotal is { } total && value.BytesDone >= total;
            _status = "";
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

    /// <summary>
    /// Shows "[###...] image n/m, elapsed, rate, ETA" while image n of m is processed; the clock starts at the first image.
    /// </summary>
    public void Image(int number, int count, string path)
    {
        if (enabled && count > 1)
        {
            lock (_gate)
            {
                _images ??= new ThroughputMeter(count, _clock);
                Draw($"{Bar((double)(number - 1) / count)} {Path.GetFileName(path)}: {_images.Describe(number - 1)}");
            }
        }
    }

    /// <summary>
    /// Shows <paramref name="what"/> with the seconds waited so far, redrawn every second until the returned scope
    /// is disposed, so that a slow step (the Hub not answering) is never silent.
    /// </summary>
    public IDisposable Waiting(string what)
    {
        if (!enabled)
        {
            return new Scope(null, this);
        }

        var start = _clock.GetTimestamp();
        lock (_gate)
        {
            _status = what;
            Draw(what);
        }

        var timer = _clock.CreateTimer(_ => Tick(what, start), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return new Scope(timer, this);
    }

    /// <summary>Writes a whole line (terminal or not), then redraws the status line under it.</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            var status = _shown > 0 && enabled;
            if (status)
            {
                error.Write("\r" + new string(' ', _shown) + "\r");
                _shown = 0;
            }

            error.WriteLine(text);
            if (status && _status.Length > 0)
            {
                Draw(_status);
            }

            error.Flush();
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

    private void Tick(string what, long start)
    {
        lock (_gate)
        {
            // A download's own progress replaces the waiting line.
            if (_status == what && _file.Length == 0)
            {
                Draw($"{what} {(long)_clock.GetElapsedTime(start).TotalSeconds} s");
            }
        }
    }

    private void EndWaiting()
    {
        lock (_gate)
        {
            if (_status.Length > 0 && _file.Length == 0)
            {
                Draw("");
            }

            _status = "";
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

    private sealed class Scope(ITimer? timer, ConsoleProgress owner) : IDisposable
    {
        public void Dispose()
        {
            timer?.Dispose();
            owner.EndWaiting();
        }
    }
}
