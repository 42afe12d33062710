using System.Buffers.Binary;

namespace Florence2.Imaging;

/// <summary>
/// Walks the chunk list of a PNG before any decoder sees it, at the byte level (no imaging library, so that every
/// decoder can rely on it). It reads the 8-byte chunk headers and the 13 bytes of IHDR, never chunk data: cost linear
/// in the chunk count, no allocation. Refused (<see cref="InvalidImageException"/>):
/// <list type="bullet">
/// <item>a file that does not start with the signature and an IHDR chunk, or whose IHDR fields are not valid PNG;</item>
/// <item>data that ends before a valid <c>IEND</c> chunk: after a chunk whose declared length runs past the end (a
/// truncated download, a corrupt length field), between chunks, or after an <c>IEND</c> with a bad CRC. ImageSharp
/// 2.1.x loops forever on all of these. Bytes after a valid <c>IEND</c> are left alone;</item>
/// <item>a file without image data (IDAT), or whose IDAT chunks are not consecutive;</item>
/// <item>an Adam7-interlaced image smaller than 5 pixels on a side (ImageSharp 2.1.x waits forever for its empty passes).</item>
/// </list>
/// Whether the compressed image data is complete is checked separately (<see cref="PngImageData"/>), once the size has
/// been accepted. Metadata chunks (tEXt, zTXt, iTXt, iCCP, eXIf, ...) are stepped over, never inflated.
/// </summary>
internal static class PngStructure
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Length (4) + type (4) before the data, CRC (4) after it.
    private const int HeaderLength = 8;
    private const int CrcLength = 4;
    private const int ImageHeaderLength = 13;
    private const int SmallestInterlacedSide = 5;

    // CRC-32 of the bytes "IEND": the only valid CRC of the empty IEND chunk.
    private const uint EndChunkCrc = 0xAE426082;

    /// <summary>Checks the structure of <paramref name="png"/> and returns its header fields and where its image data lies.</summary>
    /// <exception cref="InvalidImageException">The structure is broken (see the class summary).</exception>
    public static PngLayout Read(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(Signature))
        {
            throw new InvalidImageException("The data does not start with the PNG signature.");
        }

        PngLayout layout = ReadImageHeader(png);
        string name = layout.Description;
        int position = Signature.Length;
        int firstImageData = -1, imageDataChunks = 0, imageDataEnd = 0;
        bool inFirstImageDataRun = false;
        while (position < png.Length)
        {
            if (png.Length - position < HeaderLength)
            {
                throw new InvalidImageException(
                    $"The {name} is truncated: {png.Length - position} bytes at offset {position} are too few for a chunk header (8 bytes).");
            }

            uint dataLength = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            ReadOnlySpan<byte> type = png.Slice(position + 4, 4);
            long end = position + HeaderLength + (long)dataLength + CrcLength;
            if (dataLength > int.MaxValue || end > png.Length)
            {
                throw new InvalidImageException(
                    $"The {name} is truncated or corrupt: chunk '{ChunkType(type)}' at offset {position} declares {dataLength} data bytes, "
                    + $"but only {Math.Max(0, png.Length - position - HeaderLength - CrcLength)} follow.");
            }

            if (type.SequenceEqual("IEND"u8))
            {
                uint crc = BinaryPrimitives.ReadUInt32BigEndian(png[(int)(end - CrcLength)..]);
                if (dataLength != 0 || crc != EndChunkCrc)
                {
                    throw new InvalidImageException(
                        $"The {name} is corrupt: its IEND chunk at offset {position} has {dataLength} data bytes and CRC {crc:X8} (expected 0 and AE426082).");
                }

                if (firstImageData < 0)
                {
                    throw new InvalidImageException($"The {name} has no image data (no IDAT chunk before IEND).");
                }

                return layout with { FirstImageDataChunk = firstImageData, ImageDataChunks = imageDataChunks, ImageDataEnd = imageDataEnd };
            }

            // The image data is the first run of consecutive IDAT chunks (PNG specification, section 5.6).
            bool isImageData = type.SequenceEqual("IDAT"u8);
            if (isImageData && firstImageData < 0)
            {
                firstImageData = position;
                inFirstImageDataRun = true;
            }

            else if (isImageData && !inFirstImageDataRun)
            {
                // Pillow stops at the end of the first run too ("image file is truncated"); ImageSharp hangs on some such files.
                throw new InvalidImageException(
                    $"The {name} is corrupt: the IDAT chunk at offset {position} comes after other chunks that ended the image data; "
                    + "its IDAT chunks must be consecutive.");
            }

            inFirstImageDataRun &= isImageData;
            if (inFirstImageDataRun)
            {
                imageDataChunks++;
                imageDataEnd = (int)end - CrcLength;
            }

            position = (int)end;
        }

        throw new InvalidImageException($"The {name} is truncated: it ends at offset {png.Length} without an IEND chunk.");
    }

    private static PngLayout ReadImageHeader(ReadOnlySpan<byte> png)
    {
        int headerEnd = Signature.Length + HeaderLength + ImageHeaderLength;
        if (png.Length < headerEnd
            || BinaryPrimitives.ReadUInt32BigEndian(png[Signature.Length..]) != ImageHeaderLength
            || !png.Slice(Signature.Length + 4, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidImageException(
                $"The PNG is truncated or corrupt: it does not start with a 13-byte IHDR chunk ({png.Length} bytes in all).");
        }

        ReadOnlySpan<byte> ihdr = png.Slice(Signature.Length + HeaderLength, ImageHeaderLength);
        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        byte bitDepth = ihdr[8], colourType = ihdr[9], compression = ihdr[10], filter = ihdr[11], interlace = ihdr[12];
        if (width > int.MaxValue || height > int.MaxValue)
        {
            throw new InvalidImageException($"The PNG header declares {width}×{height} pixels; PNG allows at most 2147483647 on a side.");
        }

        if (!IsValidDepth(colourType, bitDepth) || compression != 0 || filter != 0 || interlace > 1)
        {
            throw new InvalidImageException(
                $"The PNG ({width}×{height}) header is corrupt: colour type {colourType}, bit depth {bitDepth}, compression {compression}, "
                + $"filter {filter}, interlace {interlace}. PNG allows colour types 0, 2, 3, 4, 6 with their bit depths, and 0, 0, 0 or 1 for the rest.");
        }

        if (interlace == 1 && (width < SmallestInterlacedSide || height < SmallestInterlacedSide))
        {
            throw new InvalidImageException(
                $"The PNG is {width}×{height} and interlaced (Adam7); interlaced PNGs smaller than {SmallestInterlacedSide} pixels on a side "
                + "cannot be decoded safely by ImageSharp 2.1. Save the image without interlacing.");
        }

        return new PngLayout((int)width, (int)height, bitDepth, colourType, interlace == 1, -1, 0, 0);
    }

    private static bool IsValidDepth(byte colourType, byte bitDepth) => colourType switch
    {
        0 => bitDepth is 1 or 2 or 4 or 8 or 16,
        3 => bitDepth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => bitDepth is 8 or 16,
        _ => false,
    };

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
