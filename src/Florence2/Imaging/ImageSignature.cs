using System.Buffers.Binary;

namespace Florence2.Imaging;

/// <summary>
/// The format of an encoded image from its first bytes, as every decoder detects it; independent of any imaging
/// library so that the format can be checked against the allow-list before a decoder sees the data.
/// </summary>
internal static class ImageSignature
{
    /// <summary>The names used in messages (the enum's own names are code spellings).</summary>
    public static string Name(ImageFormats format) => format switch
    {
        ImageFormats.Jpeg => "JPEG",
        ImageFormats.Png => "PNG",
        ImageFormats.Gif => "GIF",
        ImageFormats.Webp => "WebP",
        ImageFormats.Bmp => "BMP",
        ImageFormats.Tiff => "TIFF",
        ImageFormats.Tga => "TGA",
        ImageFormats.Pbm => "PBM",
        _ => format.ToString(),
    };

    /// <summary>The one format whose signature <paramref name="data"/> starts with; <see cref="ImageFormats.None"/> when none fits.</summary>
    public static ImageFormats Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormats.Jpeg;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormats.Png;
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return ImageFormats.Gif;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormats.Webp;
        }

        if (data.StartsWith("BM"u8))
        {
            return ImageFormats.Bmp;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[(byte)'I', (byte)'I', 42, 0]) || data.StartsWith((ReadOnlySpan<byte>)[(byte)'M', (byte)'M', 0, 42])
            || data.StartsWith((ReadOnlySpan<byte>)[(byte)'I', (byte)'I', 43, 0]) || data.StartsWith((ReadOnlySpan<byte>)[(byte)'M', (byte)'M', 0, 43]))
        {
            return ImageFormats.Tiff;
        }

        if (data.Length >= 3 && data[0] == (byte)'P' && data[1] is >= (byte)'1' and <= (byte)'6' && IsPbmSpace(data[2]))
        {
            return ImageFormats.Pbm;
        }

        return LooksLikeTga(data) ? ImageFormats.Tga : ImageFormats.None;
    }

    private static bool IsPbmSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#';

    /// <summary>
    /// TGA has no signature: a plausible 18-byte header (colour-map type 0 or 1, a known image type, a non-empty size,
    /// a known pixel depth) is taken for one, after every format that has a signature.
    /// </summary>
    private static bool LooksLikeTga(ReadOnlySpan<byte> data)
    {
        if (data.Length < 18)
        {
            return false;
        }

        byte colorMapType = data[1];
        byte imageType = data[2];
        byte depth = data[16];
        return colorMapType is 0 or 1
            && imageType is 1 or 2 or 3 or 9 or 10 or 11
            && BinaryPrimitives.ReadUInt16LittleEndian(data[12..]) > 0
            && BinaryPrimitives.ReadUInt16LittleEndian(data[14..]) > 0
            && depth is 8 or 15 or 16 or 24 or 32;
    }
}
