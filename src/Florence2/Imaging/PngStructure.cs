using System.Buffers.Binary;

namespace Florence2.Imaging;

/// <summary>
/// Walks the chunk list of a PNG before ImageSharp decodes it. ImageSharp 2.1.x loops forever when the data ends
/// before a valid <c>IEND</c> chunk: after a chunk whose declared length runs past the end (a truncated download, a
/// corrupt length field), at the end of a file cut between chunks, or after an <c>IEND</c> with a bad CRC. Such a
/// file is refused here; bytes after a valid <c>IEND</c> are left alone (ImageSharp stops there). It also loops on
/// Adam7-interlaced images smaller than 5 pixels on a side (whose empty passes it waits for), so those are refused too.
/// </summary>
internal static class PngChunkCheck
{
    private const int SignatureLength = 8;

    // Length (4) + type (4) before the data, CRC (4) after it.
    private const int HeaderLength = 8;
    private const int CrcLength = 4;

    // The IHDR fields: width at 16, height at 20, interlace method at 28 (1 = Adam7).
    private const int HeaderChunkEnd = 33;
    private const int SmallestInterlacedSide = 5;

    // CRC-32 of the bytes "IEND": the only valid CRC of the empty IEND chunk.
    private const uint EndChunkCrc = 0xAE426082;

    /// <summary>Checks that the chunks up to a valid <c>IEND</c> all fit in <paramref name="stream"/>; leaves the position undefined.</summary>
    /// <exception cref="InvalidImageException">A chunk is cut off or runs past the end, or there is no valid <c>IEND</c>.</exception>
    public static void ThrowIfUnterminated(Stream stream)
    {
        long length = stream.Length;
        ThrowIfSmallInterlaced(stream, length);
        string png = Describe(stream, length);
        long position = SignatureLength;
        Span<byte> header = stackalloc byte[HeaderLength];
        Span<byte> crc = stackalloc byte[CrcLength];
        while (position < length)
        {
            stream.Position = position;
            if (length - position < HeaderLength || stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
            {
                throw new InvalidImageException(
                    $"The {png} is truncated: {length - position} bytes at offset {position} are too few for a chunk header (8 bytes).");
            }

            uint dataLength = BinaryPrimitives.ReadUInt32BigEndian(header);
            long end = position + HeaderLength + (long)dataLength + CrcLength;
            string type = ChunkType(header[4..]);
            if (dataLength > int.MaxValue || end > length)
            {
                throw new InvalidImageException(
                    $"The {png} is truncated or corrupt: chunk '{type}' at offset {position} declares {dataLength} data bytes, "
                    + $"but only {Math.Max(0, length - position - HeaderLength - CrcLength)} follow.");
            }

            if (type == "IEND")
            {
                stream.Position = end - CrcLength;
                stream.ReadExactly(crc);
                if (dataLength != 0 || BinaryPrimitives.ReadUInt32BigEndian(crc) != EndChunkCrc)
                {
                    throw new InvalidImageException($"The {png} is corrupt: its IEND chunk at offset {position} has {dataLength} data bytes and CRC {BinaryPrimitives.ReadUInt32BigEndian(crc):X8} (expected 0 and AE426082).");
                }

                return;
            }

            position = end;
        }

        throw new InvalidImageException($"The {png} is truncated: it ends without an IEND chunk.");
    }

    /// <summary>"PNG (W×H)" from the IHDR chunk when it is there, so that errors name the image's size; else "PNG".</summary>
    private static string Describe(Stream stream, long length)
    {
        if (length < HeaderChunkEnd)
        {
            return "PNG";
        }

        Span<byte> ihdr = stackalloc byte[HeaderChunkEnd];
        stream.Position = 0;
        if (stream.ReadAtLeast(ihdr, HeaderChunkEnd, throwOnEndOfStream: false) < HeaderChunkEnd || ChunkType(ihdr[12..16]) != "IHDR")
        {
            return "PNG";
        }

        return $"PNG ({BinaryPrimitives.ReadUInt32BigEndian(ihdr[16..])}×{BinaryPrimitives.ReadUInt32BigEndian(ihdr[20..])})";
    }

    private static void ThrowIfSmallInterlaced(Stream stream, long length)
    {
        if (length < HeaderChunkEnd)
        {
            return; // the chunk walk reports the truncation
        }

        Span<byte> ihdr = stackalloc byte[HeaderChunkEnd];
        stream.Position = 0;
        stream.ReadExactly(ihdr);
        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr[16..]);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[20..]);
        if (ihdr[12..16].SequenceEqual("IHDR"u8) && ihdr[28] == 1 && (width < SmallestInterlacedSide || height < SmallestInterlacedSide))
        {
            throw new InvalidImageException(
                $"The PNG is {width}×{height} and interlaced (Adam7); interlaced PNGs smaller than {SmallestInterlacedSide} pixels on a side "
                + "cannot be decoded safely by ImageSharp 2.1. Save the image without interlacing.");
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
