using System.Runtime.InteropServices;

namespace Florence2.Reliability.Fuzzing;

/// <summary>Named pipes (FIFOs) for handing an input over as a file that cannot seek, on Linux and macOS.</summary>
internal static class Fifo
{
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Creates a FIFO at <paramref name="path"/> (mode 0600).</summary>
    public static void Create(string path)
    {
        if (MakeFifo(path, 0x180) != 0)
        {
            throw new IOException($"mkfifo '{path}' failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>
    /// Starts writing <paramref name="bytes"/> into the FIFO (then, if <paramref name="endlessUpTo"/> is positive, zeros
    /// up to that many bytes in all, as a pipe that never ends) once a reader opens it. The task returns the bytes written;
    /// a reader that closes early ends it (EPIPE).
    /// </summary>
    public static Task<long> StartWriter(string path, byte[] bytes, long endlessUpTo) => Task.Factory.StartNew(() =>
    {
        long written = 0;
        try
        {
            using var pipe = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            pipe.Write(bytes);
            written += bytes.Length;
            var zeros = new byte[64 * 1024];
            while (written < endlessUpTo)
            {
                pipe.Write(zeros);
                written += zeros.Length;
            }
        }
        catch (IOException)
        {
            // The reader closed its end.
        }

        return written;
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Waits for the writer; if no reader ever opened the FIFO, opens and drains it so that the writer ends.</summary>
    public static void Finish(string path, Task<long> writer)
    {
        if (!writer.Wait(TimeSpan.FromSeconds(5)))
        {
            using var drain = new FileStream(path, FileMode.Open, FileAccess.Read);
            drain.CopyTo(Stream.Null);
            writer.Wait();
        }
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
