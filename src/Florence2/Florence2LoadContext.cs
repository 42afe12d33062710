using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Florence2;

/// <summary>What a host or a Hub download adds to a model load, beyond its options.</summary>
internal sealed record Florence2LoadContext
{
    /// <summary>The host's logging, used when the options name no logger factory of their own.</summary>
    public ILoggerFactory? HostLoggerFactory { get; init; }

    /// <summary>The registration's key in a host (empty for the unkeyed model): named in the load line and each call's log scope.</summary>
    public string? Key { get; init; }

    /// <summary>The Hub id the model was downloaded by; the folder's name when null.</summary>
    public string? ModelId { get; init; }

    /// <summary>The host's meter factory; the shared static meter when null.</summary>
    public IMeterFactory? MeterFactory { get; init; }
}
