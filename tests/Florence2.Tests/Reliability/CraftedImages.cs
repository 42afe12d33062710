using System.Buffers.Binary;
using System.IO.Compression;
using Florence2.Tests.Support;

namespace Florence2.Tests.Reliability;

/// <summary>
/// Encoded images ImageSharp's encoders cannot write: a PNG whose header lies about its size, a CMYK JPEG
/// (ImageSharp 2.1.13 documents <c>JpegColorType.Cmyk</c> as "not supported by the encoder"), PNGs carrying
/// compressed metadata bombs, JPEGs carrying large metadata segments, and PNGs whose compressed data ends early.
/// </summary>
internal static class CraftedImages
{
    /// <summary>A valid PNG signature and IHDR claiming <paramref name="width"/>×<paramref name="height"/> RGB, with one tiny IDAT.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // colour type RGB
        PngChunkWriter.Write(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(new byte[64]);
            }

            PngChunkWriter.Write(png, "IDAT", compressed.ToArray());
        }

        PngChunkWriter.Write(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// <paramref name="png"/> with a metadata chunk of <paramref name="type"/> (zTXt, iTXt or iCCP) right after IHDR whose
    /// compressed payload inflates to <paramref name="inflatedBytes"/> bytes of zeros: a "zip bomb" in the metadata.
    /// Deflate compresses zeros at most about 1,030:1, so 1 GiB takes about 1 MB.
    /// </summary>
    public static byte[] PngWithCompressedMetadata(byte[] png, string type, long inflatedBytes)
    {
        byte[] compressed = CompressedZeros(inflatedBytes);
        byte[] prefix = type switch
        {
            // keyword, NUL, compression method 0
            "zTXt" => [.. "Comment"u8, 0, 0],
            // keyword, NUL, compression flag 1, method 0, empty language tag, NUL, empty translated keyword, NUL
            "iTXt" => [.. "Comment"u8, 0, 1, 0, 0, 0],
            // profile name, NUL, compression method 0
            "iCCP" => [.. "ICC profile"u8, 0, 0],
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Expected zTXt, iTXt or iCCP."),
        };
        return InsertPngChunk(png, type, [.. prefix, .. compressed]);
    }

    /// <summary><paramref name="png"/> with one more chunk right after IHDR (which ends at offset 33).</summary>
    public static byte[] InsertPngChunk(byte[] png, string type, byte[] data)
    {
        using var result = new MemoryStream();
        result.Write(png, 0, 33);
        PngChunkWriter.Write(result, type, data);
        result.Write(png, 33, png.Length - 33);
        return result.ToArray();
    }

    /// <summary>A zlib stream of <paramref name="count"/> zero bytes.</summary>
    public static byte[] CompressedZeros(long count)
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

    /// <summary>
    /// <paramref name="png"/> (one IDAT chunk, as ImageSharp writes it) with its IDAT replaced by <paramref name="idatData"/>;
    /// the CRC is recomputed, so only the compressed data is wrong.
    /// </summary>
    public static byte[] PngWithImageData(byte[] png, byte[] idatData)
    {
        using var result = new MemoryStream();
        int offset = 8;
        result.Write(png, 0, offset);
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (type == "IDAT")
            {
                PngChunkWriter.Write(result, "IDAT", idatData);
            }
            else
            {
                result.Write(png, offset, 12 + length);
            }

            offset += 12 + length;
        }

        return result.ToArray();
    }

    /// <summary>The data of the first IDAT chunk of <paramref name="png"/>.</summary>
    public static byte[] ImageData(byte[] png)
    {
        for (int offset = 8; offset < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            if (System.Text.Encoding.ASCII.GetString(png, offset + 4, 4) == "IDAT")
            {
                return png.AsSpan(offset + 8, length).ToArray();
            }

            offset += 12 + length;
        }

        throw new ArgumentException("The PNG has no IDAT chunk.", nameof(png));
    }

    /// <summary><paramref name="jpeg"/> with the given marker segments inserted right after SOI.</summary>
    public static byte[] JpegWithSegments(byte[] jpeg, params (byte Marker, byte[] Payload)[] segments)
    {
        using var result = new MemoryStream();
        result.Write(jpeg, 0, 2);
        foreach (var (marker, payload) in segments)
        {
            WriteSegment(result, marker, payload);
        }

        result.Write(jpeg, 2, jpeg.Length - 2);
        return result.ToArray();
    }

    /// <summary>
    /// An APP1 EXIF payload of about 64 KB whose one IFD has as many entries as fit, each an UNDEFINED value pointing at
    /// the same large blob: a reader that materializes every value copies the blob thousands of times.
    /// </summary>
    public static byte[] AmplifyingExif()
    {
        const int entries = 5000;
        var exif = new byte[65_000];
        "Exif\0\0"u8.CopyTo(exif);
        Span<byte> tiff = exif.AsSpan(6);
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff[8..], entries);
        int blob = 10 + (entries * 12) + 4;
        for (int i = 0; i < entries; i++)
        {
            Span<byte> entry = tiff[(10 + (i * 12))..];
            BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)(0x9000 + i)); // tag
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], 7); // UNDEFINED
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], (uint)(tiff.Length - blob)); // count
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)blob); // offset
        }

        return exif;
    }

    /// <summary>APP2 payloads of an ICC profile of <paramref name="totalBytes"/> bytes split over as many segments as it needs.</summary>
    public static (byte Marker, byte[] Payload)[] IccSegments(int totalBytes)
    {
        const int perSegment = 65_000;
        int count = (totalBytes + perSegment - 1) / perSegment;
        var segments = new (byte, byte[])[count];
        for (int i = 0; i < count; i++)
        {
            int size = Math.Min(perSegment, totalBytes - (i * perSegment));
            segments[i] = (0xE2, [.. "ICC_PROFILE"u8, 0, (byte)(i + 1), (byte)count, .. new byte[size]]);
        }

        return segments;
    }

    /// <summary>An APP1 XMP payload of about 64 KB.</summary>
    public static byte[] LargeXmp() =>
        [.. "http://ns.adobe.com/xap/1.0/"u8, 0, .. "<x:xmpmeta xmlns:x='adobe:ns:meta/'>"u8, .. Enumerable.Repeat((byte)' ', 64_000), .. "</x:xmpmeta>"u8];

    /// <summary>
    /// A baseline JPEG with four components (C, M, Y, K, no subsampling) and an Adobe APP14 marker with transform 0,
    /// the layout Photoshop writes: values are stored inverted (255 = no ink). Each 8×8 block is flat, so only DC
    /// coefficients are coded. <paramref name="blockInk"/> gives the stored (inverted) C, M, Y, K of block column bx, row by.
    /// </summary>
    public static byte[] AdobeCmykJpeg(int blocksWide, int blocksHigh, Func<int, int, (byte C, byte M, byte Y, byte K)> blockInk)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);

        // APP14 "Adobe": version 100, flags 0, 0, transform 0 (no colour transform: CMYK as stored).
        WriteSegment(jpeg, 0xEE, [(byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0]);

        // One quantization table of 8s: a flat block of level-shifted value s has DC 8·s, quantized to s.
        var dqt = new byte[65];
        Array.Fill(dqt, (byte)8, 1, 64);
        WriteSegment(jpeg, 0xDB, dqt);

        // SOF0: 8-bit, height, width, 4 components with ids 1..4, sampling 1×1, table 0.
        int width = blocksWide * 8, height = blocksHigh * 8;
        WriteSegment(jpeg, 0xC0,
        [
            8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 4,
            1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0,
        ]);

        // DC table: categories 0..8, all with 4-bit codes 0000..1000. AC table: only EOB, code "0".
        var dcTable = new byte[1 + 16 + 9];
        dcTable[0] = 0x00;
        dcTable[1 + 3] = 9;
        for (int category = 0; category <= 8; category++)
        {
            dcTable[17 + category] = (byte)category;
        }

        WriteSegment(jpeg, 0xC4, dcTable);
        var acTable = new byte[1 + 16 + 1];
        acTable[0] = 0x10;
        acTable[1] = 1;
        acTable[17] = 0x00;
        WriteSegment(jpeg, 0xC4, acTable);

        WriteSegment(jpeg, 0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);
        var bits = new BitWriter(jpeg);
        var predictors = new int[4];
        for (int by = 0; by < blocksHigh; by++)
        {
            for (int bx = 0; bx < blocksWide; bx++)
            {
                var (c, m, y, k) = blockInk(bx, by);
                byte[] values = [c, m, y, k];
                for (int component = 0; component < 4; component++)
                {
                    int dc = values[component] - 128;
                    int diff = dc - predictors[component];
                    predictors[component] = dc;
                    int category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
                    bits.Write(category, 4);
                    if (category > 0)
                    {
                        // Negative differences are sent as diff + 2^category − 1 (the one's complement form).
                        bits.Write(diff > 0 ? diff : diff + (1 << category) - 1, category);
                    }

                    bits.Write(0, 1); // EOB: every AC coefficient is zero
                }
            }
        }

        bits.Flush();
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static void WriteSegment(Stream stream, byte marker, byte[] payload)
    {
        int length = payload.Length + 2;
        stream.Write([0xFF, marker, (byte)(length >> 8), (byte)length]);
        stream.Write(payload);
    }

    /// <summary>MSB-first entropy-coded bits with JPEG's 0xFF byte stuffing and 1-bit padding.</summary>
    private sealed class BitWriter(Stream stream)
    {
        private int _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1);
            }
        }

        private void Emit()
        {
            stream.WriteByte((byte)_buffer);
            if (_buffer == 0xFF)
            {
                stream.WriteByte(0x00);
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
