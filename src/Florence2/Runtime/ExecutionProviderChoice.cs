using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Florence2.Runtime;

namespace Florence2;

/// <summary>
/// One execution provider to try, with the device it should use. Immutable. Written as text (configuration, command
/// lines) as <c>Cpu</c>, <c>Cuda</c>, <c>Cuda:1</c>, <c>DirectML</c> or <c>DirectML:0</c> (any case; the number is the GPU index).
/// </summary>
/// <param name="Kind">The provider.</param>
/// <param name="DeviceId">The GPU index for CUDA and DirectML; ignored for the CPU.</param>
[TypeConverter(typeof(ExecutionProviderChoiceConverter))]
public sealed record ExecutionProviderChoice(ExecutionProviderKind Kind, int DeviceId = 0)
{
    /// <summary>The CPU.</summary>
    public static ExecutionProviderChoice Cpu { get; } = new(ExecutionProviderKind.Cpu);

    /// <summary>CUDA on the given GPU.</summary>
    /// <param name="deviceId">The GPU index, from 0.</param>
    public static ExecutionProviderChoice Cuda(int deviceId = 0) => new(ExecutionProviderKind.Cuda, deviceId);

    /// <summary>DirectML on the given GPU.</summary>
    /// <param name="deviceId">The GPU index, from 0.</param>
    public static ExecutionProviderChoice DirectML(int deviceId = 0) => new(ExecutionProviderKind.DirectML, deviceId);

    /// <summary>Reads <c>Kind</c> or <c>Kind:DeviceId</c> (kind by name in any case, device a number from 0), as <see cref="ToString"/> writes it.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FormatException">The text is not a provider; the message says what is allowed.</exception>
    public static ExecutionProviderChoice Parse(string text) => TryParse(text, out var choice)
        ? choice
        : throw new FormatException($"'{text}' is not an execution provider; write Cpu, Cuda, Cuda:N, DirectML or DirectML:N, with N the GPU index (0 or more).");

    /// <summary>Reads <c>Kind</c> or <c>Kind:DeviceId</c>; false when the text is not a provider.</summary>
    /// <param name="text">The text.</param>
    /// <param name="choice">The provider read; null when false is returned.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ExecutionProviderChoice? choice)
    {
        choice = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kindText = (colon < 0 ? text : text[..colon]).Trim();
        var device = 0;
        // Enum.TryParse alone would also take numbers ("2") and comma-joined names ("Cuda,Cpu").
        if (kindText.Length == 0 || !char.IsLetter(kindText[0]) || kindText.Contains(',', StringComparison.Ordinal) || !Enum.TryParse(kindText, ignoreCase: true, out ExecutionProviderKind kind) || !Enum.IsDefined(kind)
            || (colon >= 0 && !int.TryParse(text.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out device)))
        {
            return false;
        }

        choice = new ExecutionProviderChoice(kind, device);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Kind == ExecutionProviderKind.Cpu ? "Cpu" : $"{Kind}:{DeviceId}";
}
