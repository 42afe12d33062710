using System.Buffers.Binary;

namespace Florence2.Imaging;

/// <summary>
/// A byte-level check of a BMP file header before any decoder sees it (BMP is off by default). ImageSharp 2.1.13 sizes
/// the colour map from the pixel-data offset without comparing it to the file length (the fix was never released for
/// 2.1.x): a 2 KB file whose offset field says 1 GB made it allocate 1 GB, and int.MaxValue made it throw
/// OutOfMemoryException. An offset past the end of the file cannot be valid, so it is refused here. The size is read
/// here too, so that the limits hold before any decoder allocates.
/// </summary>
internal static class BmpStructure
{
    private const int FileHeaderLength = 14;
    private const int OffsetField = 10;

    /// <summary>Throws when the pixel-data offset of <paramref name="bmp"/> lies past its end.</summary>
    /// <exception cref="InvalidImageException">The file header is cut or its offset lies outside the file.</exception>
    public static void ThrowIfOffsetOutsideFile(ReadOnlySpan<byte> bmp)
    {
        if (bmp.Length < FileHeaderLength)
        {
            throw new InvalidImageException($"The BMP is truncated: {bmp.Length} bytes are too few for its 14-byte file header.");
        }

        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(bmp[OffsetField..]);
        if (offset > bmp.Length)
        {
            throw new InvalidImageException(
                $"The BMP is corrupt or truncated: its pixel data offset ({offset:N0}) lies past the end of the file ({bmp.Length:N0} bytes).");
        }
    }

    /// <summary>The width and height from the DIB header (the 12-byte OS/2 core header or any later Windows header).</summary>
    /// <exception cref="InvalidImageException">The header is cut or declares a negative width.</exception>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> bmp)
    {
        const int InfoHeaderSize = FileHeaderLength;
        if (bmp.Length < FileHeaderLength + 12)
        {
            throw new InvalidImageException($"The BMP is truncated: {bmp.Length} bytes are too few for its file and DIB headers.");
        }

        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(bmp[InfoHeaderSize..]);
        if (headerSize == 12)
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(bmp[18..]), BinaryPrimitives.ReadUInt16LittleEndian(bmp[20..]));
        }

        if (bmp.Length < FileHeaderLength + 16)
        {
            throw new InvalidImageException($"The BMP is truncated: {bmp.Length} bytes are too few for its DIB header.");
        }

        int width = BinaryPrimitives.ReadInt32LittleEndian(bmp[18..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(bmp[22..]);

        // A negative height means rows run top-down; a negative width means nothing valid.
        return (width, height == int.MinValue ? 0 : Math.Abs(height));
    }
}
