using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// Runs a session under a cancellation token: cancelling sets <see cref="RunOptions.Terminate"/> so a long run
/// stops inside ONNX Runtime, and the resulting error surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class OnnxRun : IDisposable
{
    private readonly CancellationTokenRegistration _registration;

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

    public IDisposableReadOnlyCollection<OrtValue> Run(OnnxModelSession session, string[] inputNames, OrtValue[] inputs, string[] outputNames)
    {
        CancellationToken.ThrowIfCancellationRequested();
        try
        {
            return session.Session.Run(Options, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException e) when (CancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was cancelled.", e, CancellationToken);
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        Options.Dispose();
    }
}
