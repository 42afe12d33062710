using System.Buffers.Binary;

namespace Florence2.Imaging;

/// <summary>
/// Walks the chunk list of a PNG before ImageSharp decodes it. ImageSharp 2.1.x loops forever on a chunk whose
/// declared length runs past the end of the data (a truncated download, or a corrupt length field): its decoder
/// keeps looking for the next valid chunk without noticing the end of the stream. Such a file is refused here.
/// </summary>
internal static class PngChunkCheck
{
    private const int SignatureLength = 8;

    // Length (4) + type (4) before the data, CRC (4) after it.
    private const int HeaderLength = 8;
    private const int CrcLength = 4;

    /// <summary>Checks that every chunk up to <c>IEND</c> fits in <paramref name="stream"/>; leaves the position undefined.</summary>
    /// <exception cref="InvalidImageException">A chunk is cut off or declares more bytes than follow.</exception>
    public static void ThrowIfTruncated(Stream stream)
    {
        long length = stream.Length;
        long position = SignatureLength;
        Span<byte> header = stackalloc byte[HeaderLength];
        while (position < length)
        {
            stream.Position = position;
            if (length - position < HeaderLength || stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
            {
                throw new InvalidImageException(
                    $"The PNG is truncated: {length - position} bytes at offset {position} are too few for a chunk header (8 bytes).");
            }

            uint dataLength = BinaryPrimitives.ReadUInt32BigEndian(header);
            long end = position + HeaderLength + (long)dataLength + CrcLength;
            if (dataLength > int.MaxValue || end > length)
            {
                string type = ChunkType(header[4..]);
                throw new InvalidImageException(
                    $"The PNG is truncated or corrupt: chunk '{type}' at offset {position} declares {dataLength} data bytes, "
                    + $"but only {Math.Max(0, length - position - HeaderLength - CrcLength)} follow.");
            }

            if (header[4..].SequenceEqual("IEND"u8))
            {
                return;
            }

            position = end;
        }
    }

    private static string ChunkType(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        }

        return new string(chars);
    }
}
