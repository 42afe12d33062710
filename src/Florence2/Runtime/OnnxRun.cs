using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// Runs a session under a cancellation token: cancelling sets <see cref="RunOptions.Terminate"/> so a long run
/// stops inside ONNX Runtime, and the resulting error surfaces as <see cref="OperationCanceledException"/>.
/// It also adds up the time spent inside Run, the figure the library's overhead is measured against.
/// One instance serves one call on one thread.
/// </summary>
internal sealed class OnnxRun : IDisposable
{
    private readonly CancellationTokenRegistration _registration;
    private long _inferenceTicks;

    public OnnxRun(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        Options = new RunOptions();
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, Options);
        }
    }

    public RunOptions Options { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Wall-clock time spent inside ONNX Runtime's Run calls made through this object.</summary>
    public TimeSpan InferenceTime => Stopwatch.GetElapsedTime(0, _inferenceTicks);

    /// <summary>Inference time since <paramref name="mark"/>, a value of <see cref="InferenceTicks"/> read earlier.</summary>
    public TimeSpan InferenceTimeSince(long mark) => Stopwatch.GetElapsedTime(0, _inferenceTicks - mark);

    /// <summary>The running total in <see cref="Stopwatch"/> ticks, to split <see cref="InferenceTime"/> by stage.</summary>
    public long InferenceTicks => _inferenceTicks;

    public IDisposableReadOnlyCollection<OrtValue> Run(OnnxModelSession session, string[] inputNames, OrtValue[] inputs, string[] outputNames)
    {
        CancellationToken.ThrowIfCancellationRequested();
        var start = Stopwatch.GetTimestamp();
        try
        {
            return session.Session.Run(Options, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException e) when (CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was cancelled.", e, CancellationToken);
        }
        finally
        {
            _inferenceTicks += Stopwatch.GetTimestamp() - start;
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        Options.Dispose();
    }
}
