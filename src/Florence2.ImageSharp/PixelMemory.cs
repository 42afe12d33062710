using System.Buffers;
using System.Runtime.InteropServices;

namespace Florence2;

/// <summary>The bytes of an ImageSharp pixel buffer as <see cref="Memory{T}"/> of bytes, without a copy.</summary>
internal sealed class PixelMemory<TPixel> : MemoryManager<byte>
    where TPixel : unmanaged
{
    private readonly Memory<TPixel> _pixels;

    public PixelMemory(Memory<TPixel> pixels) => _pixels = pixels;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(_pixels.Span);

    // Pixel types are blittable structs, so a pinned pixel address is the address of its first byte.
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        int size = Marshal.SizeOf<TPixel>();
        if (elementIndex % size != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(elementIndex), elementIndex, "Only whole pixels can be pinned.");
        }

        return _pixels[(elementIndex / size)..].Pin();
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
