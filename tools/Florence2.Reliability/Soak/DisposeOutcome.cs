using System.Globalization;

namespace Florence2.Reliability.Soak;

/// <summary>What happened to calls that were running when the model was disposed.</summary>
internal sealed record DisposeOutcome(int Calls, int Completed, int Disposed, int Cancelled, int Other, TimeSpan DisposeTime, bool LaterCallRefused, string? OtherDetail)
{
    public bool Ok => Other == 0 && LaterCallRefused && Completed + Disposed + Cancelled == Calls;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"  dispose during {Calls} running calls: {Completed} completed with the reference result, {Disposed} ObjectDisposedException, {Cancelled} OperationCanceledException, {Other} other{(OtherDetail is null ? "" : " (" + OtherDetail + ")")}; Dispose took {DisposeTime.TotalMilliseconds:F0} ms; a later call {(LaterCallRefused ? "threw ObjectDisposedException" : "did NOT throw ObjectDisposedException")}\n");
}
