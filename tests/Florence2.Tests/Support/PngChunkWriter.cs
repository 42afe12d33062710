using System.Buffers.Binary;

namespace Florence2.Tests.Support;

/// <summary>Writes raw PNG chunks (length, type, data, CRC-32) for hand-crafted test files.</summary>
internal static class PngChunkWriter
{
    public static void Write(Stream png, string type, byte[] data)
    {
        var buffer = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        for (int i = 0; i < 4; i++)
        {
            buffer[4 + i] = (byte)type[i];
        }

        data.CopyTo(buffer, 8);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8 + data.Length), Crc32(buffer.AsSpan(4, 4 + data.Length)));
        png.Write(buffer);
    }

    // CRC-32 as PNG defines it (polynomial 0xEDB88320, reflected), bit by bit: the test data is small.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
