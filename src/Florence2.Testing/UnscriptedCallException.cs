namespace Florence2.Testing;

/// <summary>
/// A strict <see cref="RecordingFlorence2Model"/> was called for a task no answer was scripted for. Thrown at the call,
/// so a mis-scripted test fails where the mistake is, not later on an empty answer.
/// </summary>
public sealed class UnscriptedCallException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="call"/>.</summary>
    /// <param name="call">The call that had no scripted answer.</param>
    /// <param name="message">What was called and how to script it.</param>
    public UnscriptedCallException(Florence2Call call, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(call);
        Call = call;
    }

    /// <summary>The call that had no scripted answer (it is also in <see cref="RecordingFlorence2Model.Calls"/>).</summary>
    public Florence2Call Call { get; }
}
