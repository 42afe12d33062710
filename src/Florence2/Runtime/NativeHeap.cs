using System.Runtime.InteropServices;

namespace Florence2.Runtime;

/// <summary>
/// Hands the C heap's free memory back to the operating system after the sessions are created. Creating a session
/// parses the whole ONNX file into memory and frees it again once the weights are in place; glibc keeps that freed
/// memory in its per-thread arenas, so a load that creates the sessions side by side ends with a few hundred MiB of
/// free heap still resident (226 MiB for the base-sized folder, docs/performance.md "Memory"). ONNX Runtime has no
/// call for this and .NET none for the C heap, hence glibc's own <c>malloc_trim</c>.
/// </summary>
/// <remarks>Thread-safe. Linux with glibc only; elsewhere (musl, Windows, macOS) nothing is called.</remarks>
internal static class NativeHeap
{
    private static int s_unavailable;

    /// <summary>Whether loads trim the heap; the memory report turns it off to measure what it saves.</summary>
    internal static bool TrimAfterLoad { get; set; } = true;

    /// <summary>Returns free C-heap memory to the system; true when the call was made (whether or not it released anything).</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref s_unavailable) != 0)
        {
            return false;
        }

        try
        {
            _ = malloc_trim(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref s_unavailable, 1);
            return false;
        }
    }

    // glibc's soname: "libc" alone would look for libc.so, which only a development install has.
    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int malloc_trim(nuint pad);
}
