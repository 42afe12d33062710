namespace Florence2;

/// <summary>One execution provider to try, with the device it should use. Immutable.</summary>
/// <param name="Kind">The provider.</param>
/// <param name="DeviceId">The GPU index for CUDA and DirectML; ignored for the CPU.</param>
public sealed record ExecutionProviderChoice(ExecutionProviderKind Kind, int DeviceId = 0)
{
    /// <summary>The CPU.</summary>
    public static ExecutionProviderChoice Cpu { get; } = new(ExecutionProviderKind.Cpu);

    /// <summary>CUDA on the given GPU.</summary>
    public static ExecutionProviderChoice Cuda(int deviceId = 0) => new(ExecutionProviderKind.Cuda, deviceId);

    /// <summary>DirectML on the given GPU.</summary>
    public static ExecutionProviderChoice DirectML(int deviceId = 0) => new(ExecutionProviderKind.DirectML, deviceId);

    /// <inheritdoc />
    public override string ToString() => Kind == ExecutionProviderKind.Cpu ? "Cpu" : $"{Kind}:{DeviceId}";
}
