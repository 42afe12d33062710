using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Florence2.Reliability.Fuzzing;

/// <summary>Reads and rewrites the chunks of well-formed PNGs (the fuzzer's seeds), with valid CRCs.</summary>
internal static class PngChunks
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>Offsets of the chunks (their length fields) of a well-formed PNG, IHDR first, IEND last.</summary>
    public static List<int> Offsets(byte[] png)
    {
        var offsets = new List<int>();
        for (int offset = 8; offset + 12 <= png.Length;)
        {
            offsets.Add(offset);
            offset += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
        }

        return offsets;
    }

    public static string TypeAt(byte[] png, int offset) => Encoding.ASCII.GetString(png, offset + 4, 4);

    /// <summary>A chunk with its length, type, data and CRC.</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary><paramref name="png"/> with <paramref name="chunk"/> inserted at <paramref name="offset"/> (a chunk boundary).</summary>
    public static byte[] Insert(byte[] png, int offset, byte[] chunk) => [.. png.AsSpan(0, offset), .. chunk, .. png.AsSpan(offset)];

    /// <summary>The concatenated data of the IDAT chunks: the zlib stream of the image.</summary>
    public static byte[] ImageData(byte[] png)
    {
        using var data = new MemoryStream();
        foreach (int offset in Offsets(png))
        {
            if (TypeAt(png, offset) == "IDAT")
            {
                data.Write(png, offset + 8, (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset)));
            }
        }

        return data.ToArray();
    }

    /// <summary><paramref name="png"/> with its IDAT chunks replaced by one IDAT holding <paramref name="data"/>.</summary>
    public static byte[] WithImageData(byte[] png, byte[] data)
    {
        using var result = new MemoryStream();
        result.Write(png, 0, 8);
        bool written = false;
        foreach (int offset in Offsets(png))
        {
            int length = 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            if (TypeAt(png, offset) != "IDAT")
            {
                result.Write(png, offset, length);
            }
            else if (!written)
            {
                result.Write(Chunk("IDAT", data));
                written = true;
            }
        }

        return result.ToArray();
    }

    /// <summary>Bytes a zlib stream inflates to before it ends or breaks (the fuzzer's own count, to judge outcomes).</summary>
    public static long InflatedLength(byte[] zlibData)
    {
        long total = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(zlibData), CompressionMode.Decompress);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // What inflated before the damage counts.
        }

        return total;
    }

    public static byte[] Inflate(byte[] zlibData)
    {
        using var zlib = new ZLibStream(new MemoryStream(zlibData), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        zlib.CopyTo(inflated);
        return inflated.ToArray();
    }

    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
