using System.Diagnostics;

namespace Florence2.Telemetry;

/// <summary>The library's one activity source: static, because activity sources have no factory, and cheap when nobody listens.</summary>
internal static class Instruments
{
    private static readonly string Version = typeof(Instruments).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static readonly ActivitySource Source = new(Florence2Telemetry.SourceName, Version);

    /// <summary>The library's version, for meters created by a factory.</summary>
    public static string LibraryVersion => Version;
}
