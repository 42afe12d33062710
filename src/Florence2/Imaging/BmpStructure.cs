using System.Buffers.Binary;

namespace Florence2.Imaging;

/// <summary>
/// A byte-level check of a BMP file header before any decoder sees it (BMP is off by default). ImageSharp 2.1.13 sizes
/// the colour map from the pixel-data offset without comparing it to the file length (the fix was never released for
/// 2.1.x): a 2 KB file whose offset field says 1 GB made it allocate 1 GB, and int.MaxValue made it throw
/// OutOfMemoryException. An offset past the end of the file cannot be valid, so it is refused here.
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
}
