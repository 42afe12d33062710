namespace Florence2.Hub;

/// <summary>
/// A lock shared by every process that uses the cache: the lock file is opened with <see cref="FileShare.None"/>,
/// which .NET implements with <c>flock</c> on Unix (the call Python's <c>filelock</c> makes, so the two interlock) and a
/// sharing mode on Windows. The operating system releases it when a process dies, so a crash leaves no stale lock.
/// The file itself stays: deleting it would let a waiter lock an unlinked file while a newcomer locks a new one.
/// </summary>
internal sealed class CacheFileLock : IDisposable
{
    private readonly FileStream _stream;

    private CacheFileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits, polling every <paramref name="pollInterval"/> of <paramref name="time"/>, until the lock is free, then takes it.</summary>
    public static async Task<CacheFileLock> AcquireAsync(string path, TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new CacheFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e) when (e is not (DirectoryNotFoundException or FileNotFoundException or PathTooLongException))
            {
                // Held by another process or thread; wait for it.
            }

            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stream.Dispose();
}
