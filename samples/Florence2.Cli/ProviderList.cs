using System.Globalization;

namespace Florence2.Cli;

/// <summary>Parses --provider values: cpu, cuda[:N], directml[:N], repeated or comma-separated, in order of preference.</summary>
internal static class ProviderList
{
    public static IEnumerable<ExecutionProviderChoice> Parse(string value)
    {
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':', 2);
            var device = 0;
            if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out device))
            {
                throw new CliUsageException($"--provider: the device in '{item}' must be a number, as in cuda:1.");
            }

            yield return parts[0].ToLowerInvariant() switch
            {
                "cpu" when parts.Length == 1 => ExecutionProviderChoice.Cpu,
                "cuda" => ExecutionProviderChoice.Cuda(device),
                "directml" or "dml" => ExecutionProviderChoice.DirectML(device),
                _ => throw new CliUsageException($"--provider is cpu, cuda[:N] or directml[:N]; got '{item}'."),
            };
        }
    }
}
