using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Florence2.Imaging;

/// <summary>
/// Checks that the compressed image data of a PNG (its IDAT chunks, one zlib stream) inflates to every scanline the
/// header promises. ImageSharp 2.1.13 fills the rows that a short or cut stream does not cover with black and reports
/// success; Pillow raises "image file is truncated". Byte-level (System.IO.Compression only), so any decoder can
/// rely on it.
/// </summary>
/// <remarks>
/// The data is inflated once into a small scratch buffer and counted: the cost is one inflate pass over the image
/// data, stopped as soon as the promised bytes are there (so trailing data is never inflated), and no memory grows
/// with the image. Call it only after the image size has been accepted, since that size bounds the work. Like
/// Pillow, a stream that holds every scanline is accepted even if its final checksum is missing.
/// </remarks>
internal static class PngImageData
{
    private const int ChunkHeaderLength = 8;
    private const int ChunkOverhead = 12;
    private const int ScratchLength = 64 * 1024;

    /// <summary>Throws unless the image data of <paramref name="png"/> (laid out as <paramref name="layout"/> says) is complete and inflatable.</summary>
    /// <exception cref="InvalidImageException">The data ends early or is not a valid zlib stream.</exception>
    public static void ThrowIfIncomplete(ReadOnlySpan<byte> png, PngLayout layout)
    {
        long needed = layout.InflatedBytes;
        int compressedLength = CompressedLength(png, layout);
        byte[] compressed = ArrayPool<byte>.Shared.Rent(compressedLength);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(ScratchLength);
        long inflated = 0;
        try
        {
            GatherImageData(png, layout, compressed);
            using var zlib = new ZLibStream(new MemoryStream(compressed, 0, compressedLength, writable: false), CompressionMode.Decompress);
            while (inflated < needed)
            {
                int read = zlib.Read(scratch, 0, (int)Math.Min(ScratchLength, needed - inflated));
                if (read == 0)
                {
                    break;
                }

                inflated += read;
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // InvalidDataException for bad deflate data; ZLibException (an IOException) for a bad zlib header, such as
            // one asking for a preset dictionary.
            throw new InvalidImageException(
                $"The {layout.Description} is corrupt: its compressed image data (IDAT, {compressedLength:N0} bytes from offset "
                + $"{layout.FirstImageDataChunk:N0}) is not a valid zlib stream after {inflated:N0} of the {needed:N0} bytes: {exception.Message}",
                exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(compressed);
        }

        if (inflated < needed)
        {
            throw new InvalidImageException(
                $"The {layout.Description} is truncated: its compressed image data (IDAT, {compressedLength:N0} bytes ending at offset "
                + $"{layout.ImageDataEnd:N0}) inflates to {inflated:N0} of the {needed:N0} bytes its scanlines need ({layout.PixelFormat}); the data ends early.");
        }
    }

    private static int CompressedLength(ReadOnlySpan<byte> png, PngLayout layout)
    {
        int length = 0;
        int position = layout.FirstImageDataChunk;
        for (int i = 0; i < layout.ImageDataChunks; i++)
        {
            int chunkLength = (int)BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            length += chunkLength;
            position += ChunkOverhead + chunkLength;
        }

        return length;
    }

    private static void GatherImageData(ReadOnlySpan<byte> png, PngLayout layout, Span<byte> destination)
    {
        int position = layout.FirstImageDataChunk;
        for (int i = 0; i < layout.ImageDataChunks; i++)
        {
            int chunkLength = (int)BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            png.Slice(position + ChunkHeaderLength, chunkLength).CopyTo(destination);
            destination = destination[chunkLength..];
            position += ChunkOverhead + chunkLength;
        }
    }
}
