using System.Buffers;

namespace Florence2;

/// <summary>
/// A pixel buffer rented from <see cref="ArrayPool{T}.Shared"/> and returned when the decoded image is disposed. The
/// decoded image lives only until the library has resized it, so reusing the buffer spares the garbage collector a
/// large-object allocation per image (megabytes each; ImageSharp pools its buffers likewise).
/// </summary>
internal sealed class PooledPixels : IDisposable
{
    private byte[]? _array;

    public PooledPixels(int length)
    {
        _array = ArrayPool<byte>.Shared.Rent(length);
        Length = length;
    }

    public int Length { get; }

    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledPixels));

    public void Dispose()
    {
        byte[]? array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
