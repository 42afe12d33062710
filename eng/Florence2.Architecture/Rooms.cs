namespace Florence2.Architecture;

/// <summary>
/// A room is the first folder of a file under the library folder; the files directly in the library folder are in
/// the room named <see cref="Root"/>.
/// </summary>
internal static class Rooms
{
    public const string Root = "(root)";

    /// <summary>The room of a path relative to the library folder, separated by '/'.</summary>
    public static string Of(string relativePath)
    {
        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Root : relativePath[..slash];
    }
}
