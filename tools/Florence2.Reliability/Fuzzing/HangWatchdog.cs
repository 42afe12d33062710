using System.Diagnostics;
using System.Globalization;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// Watches the input being run from a second thread: one that runs past ten times the per-input timeout is saved
/// and reported at once, because it may never return (an endless loop cannot be stopped from outside in .NET).
/// </summary>
internal sealed class HangWatchdog : IDisposable
{
    private readonly IFuzzTarget _target;
    private readonly FuzzSettings _settings;
    private readonly TextWriter _log;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _index = -1;
    private object? _input;
    private TimeSpan _started;
    private bool _reported;

    public HangWatchdog(IFuzzTarget target, FuzzSettings settings, TextWriter log)
    {
        _target = target;
        _settings = settings;
        _log = log;
        _thread = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
        _thread.Start();
    }

    public void Begin(long index, object input)
    {
        lock (_gate)
        {
            _index = index;
            _input = input;
            _started = _clock.Elapsed;
            _reported = false;
        }
    }

    public void End()
    {
        lock (_gate)
        {
            _index = -1;
            _input = null;
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Watch()
    {
        var limit = _settings.InputTimeout * 10;
        while (!_stop.Wait(TimeSpan.FromMilliseconds(200)))
        {
            lock (_gate)
            {
                if (_input is null || _reported || _clock.Elapsed - _started < limit)
                {
                    continue;
                }

                _reported = true;
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"[{_target.Name}] input #{_index} has run for more than {limit.TotalSeconds:F0} s (seed {_settings.Seed}); it may never return");
                if (_settings.FailureDirectory is { } directory)
                {
                    Directory.CreateDirectory(directory);
                    var baseName = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{_target.Name}-stuck-{_index}"));
                    _target.Save(_input, baseName);
                    message += $"; saved {baseName}.*";
                }

                _log.WriteLine(message);
            }
        }
    }
}
