using System.Buffers.Binary;
using System.IO.Compression;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// Adds metadata a decoder does not need to seed images: PNG chunks whose compressed payload inflates to up to 1 GiB
/// (zTXt, iTXt, iCCP), large raw tEXt and eXIf chunks, and JPEG segments (EXIF whose thousands of entries all point
/// at one blob, XMP, ICC profiles over up to 31 APP2 segments, Photoshop APP13, comments). Files stay under about
/// 2.2 MB. Issue 12: a few hundred KB of zTXt cost ImageSharp's Identify 15–36 s and up to 3 GB.
/// </summary>
internal sealed class MetadataBombs
{
    // Deflate compresses zeros at most about 1,030:1, so 1 GiB takes about 1 MB.
    private static readonly long[] InflatedSizes = [1L << 10, 1L << 20, 64L << 20, 1L << 30];
    private const int MaxFileBytes = 2_200_000;
    private const int SegmentPayload = 65_000;

    private readonly byte[][] _compressedZeros = InflatedSizes.Select(CompressedZeros).ToArray();

    /// <summary><paramref name="png"/> with one to three metadata chunks; the detail names them.</summary>
    public (byte[] Bytes, string Detail) AddToPng(Random random, byte[] png)
    {
        var details = new List<string>();
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            int size = random.Next(InflatedSizes.Length);
            (string type, byte[] data, string what) = random.Next(5) switch
            {
                0 => ("zTXt", [.. "Comment"u8, 0, 0, .. _compressedZeros[size]], $"inflating to {InflatedSizes[size]:N0} bytes"),
                1 => ("iTXt", [.. "Comment"u8, 0, 1, 0, 0, 0, .. _compressedZeros[size]], $"inflating to {InflatedSizes[size]:N0} bytes"),
                2 => ("iCCP", [.. "ICC profile"u8, 0, 0, .. _compressedZeros[size]], $"inflating to {InflatedSizes[size]:N0} bytes"),
                3 => ("tEXt", [.. "Comment"u8, 0, .. new byte[random.Next(1, 512 * 1024)]], "raw"),
                _ => ("eXIf", AmplifyingExif(random)[6..], "EXIF with repeated entries"),
            };
            if (png.Length + data.Length + 12 > MaxFileBytes)
            {
                continue;
            }

            // After IHDR, before the first IDAT, after the last or before IEND (a chunk after the image data is read
            // too), but never between two IDAT chunks, whose run must stay unbroken.
            List<int> offsets = PngChunks.Offsets(png);
            List<int> allowed = [.. Enumerable.Range(1, offsets.Count - 1)
                .Where(i => !(PngChunks.TypeAt(png, offsets[i - 1]) == "IDAT" && PngChunks.TypeAt(png, offsets[i]) == "IDAT"))
                .Select(i => offsets[i])];
            int at = allowed[random.Next(allowed.Count)];
            png = PngChunks.Insert(png, at, PngChunks.Chunk(type, data));
            details.Add($"{type} ({data.Length:N0} bytes, {what}) at {at}");
        }

        return (png, "metadata: " + string.Join("; ", details));
    }

    /// <summary><paramref name="jpeg"/> with one to four metadata segment groups after SOI; the detail names them.</summary>
    public static (byte[] Bytes, string Detail) AddToJpeg(Random random, byte[] jpeg)
    {
        var segments = new List<(byte Marker, byte[] Payload)>();
        var details = new List<string>();
        for (int i = random.Next(1, 5); i > 0; i--)
        {
            switch (random.Next(5))
            {
                case 0:
                    segments.Add((0xE1, AmplifyingExif(random)));
                    details.Add("APP1 EXIF with repeated entries");
                    break;
                case 1:
                    segments.Add((0xE1, [.. "http://ns.adobe.com/xap/1.0/"u8, 0, .. new byte[random.Next(1, SegmentPayload - 40)]]));
                    details.Add("APP1 XMP");
                    break;
                case 2:
                {
                    int count = random.Next(1, 32);
                    for (int n = 1; n <= count; n++)
                    {
                        segments.Add((0xE2, [.. "ICC_PROFILE"u8, 0, (byte)n, (byte)count, .. new byte[SegmentPayload - 14]]));
                    }

                    details.Add($"APP2 ICC profile in {count} segments");
                    break;
                }

                case 3:
                    segments.Add((0xED, [.. "Photoshop 3.0"u8, 0, .. new byte[random.Next(1, SegmentPayload - 14)]]));
                    details.Add("APP13 Photoshop");
                    break;
                default:
                    segments.Add((0xFE, new byte[random.Next(1, SegmentPayload)]));
                    details.Add("COM");
                    break;
            }
        }

        using var result = new MemoryStream();
        result.Write(jpeg, 0, 2);
        foreach (var (marker, payload) in segments)
        {
            if (result.Length + payload.Length + jpeg.Length > MaxFileBytes)
            {
                break;
            }

            result.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
            result.Write(payload);
        }

        result.Write(jpeg, 2, jpeg.Length - 2);
        return (result.ToArray(), "metadata: " + string.Join("; ", details));
    }

    /// <summary>
    /// "Exif\0\0" and a little-endian TIFF block whose one IFD has up to 5,000 entries, all UNDEFINED values pointing at
    /// the same blob: a reader that materializes every value copies the blob thousands of times (about 60 KB in all).
    /// </summary>
    private static byte[] AmplifyingExif(Random random)
    {
        int entries = random.Next(1, 5001);
        var exif = new byte[SegmentPayload];
        "Exif\0\0"u8.CopyTo(exif);
        Span<byte> tiff = exif.AsSpan(6);
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[8..], (ushort)entries);
        int blob = 10 + (entries * 12) + 4;
        for (int i = 0; i < entries; i++)
        {
            Span<byte> entry = tiff[(10 + (i * 12))..];
            BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)(0x9000 + i));
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], 7);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], (uint)(tiff.Length - blob));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)blob);
        }

        return exif;
    }

    private static byte[] CompressedZeros(long count)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (long left = count; left > 0; left -= block.Length)
            {
                zlib.Write(block, 0, (int)Math.Min(left, block.Length));
            }
        }

        return compressed.ToArray();
    }
}
