using Florence2.Samples;

namespace Florence2.BatchCaption;

/// <summary>How progress is shown on stderr.</summary>
internal enum ProgressMode
{
    /// <summary>Nothing.</summary>
    Off,

    /// <summary>A status line redrawn in place (stderr is a terminal).</summary>
    Live,

    /// <summary>A line now and then and a summary at the end (stderr is a log or a pipe).</summary>
    Log,
}

/// <summary>
/// Elapsed time, rate and ETA on stderr while a folder is captioned: redrawn in place on a terminal, a line every
/// <see cref="LogInterval"/> and a summary in a log. Captions go to stdout untouched. Not thread-safe: the caller
/// reports from one loop.
/// </summary>
internal sealed class BatchProgress(TextWriter stderr, ProgressMode mode, int total, TimeProvider clock)
{
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);

    private readonly ThroughputMeter _meter = new(total, clock);
    private TimeSpan _lastLine;
    private int _shown;

    /// <summary>Clears the status line before a line is written to stdout or stderr.</summary>
    public void Clear()
    {
        if (mode == ProgressMode.Live && _shown > 0)
        {
            stderr.Write("\r" + new string(' ', _shown) + "\r");
            _shown = 0;
        }
    }

    /// <summary>Shows the progress after <paramref name="done"/> images.</summary>
    public void Report(int done)
    {
        switch (mode)
        {
            case ProgressMode.Live:
                var line = _meter.Describe(done);
                stderr.Write("\r" + line.PadRight(_shown));
                stderr.Flush();
                _shown = line.Length;
                break;
            case ProgressMode.Log when _meter.Elapsed - _lastLine >= LogInterval && done < _meter.Total:
                _lastLine = _meter.Elapsed;
                stderr.WriteLine("progress: " + _meter.Describe(done));
                break;
        }
    }

    /// <summary>The last word: how many images in how long.</summary>
    public void Finish(int done)
    {
        Clear();
        if (mode != ProgressMode.Off)
        {
            stderr.WriteLine("done: " + _meter.Describe(done));
        }
    }
}
