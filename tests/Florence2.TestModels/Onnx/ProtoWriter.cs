using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Florence2.TestModels;

/// <summary>
/// Protocol Buffers wire encoding of one message. Fields are appended in the order they are written;
/// repeated fields are written unpacked (one tag per element), which every parser accepts.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintWireType = 0;
    private const int LengthDelimitedWireType = 2;
    private const int Fixed32WireType = 5;

    private readonly ArrayBufferWriter<byte> buffer = new();

    /// <summary>Writes an integer field (int32, int64, enum or bool) as a varint.</summary>
    public void WriteVarint(int field, long value)
    {
        WriteTag(field, VarintWireType);
        WriteRawVarint(unchecked((ulong)value));
    }

    /// <summary>Writes a 32-bit float field.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, Fixed32WireType);
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(sizeof(float)), value);
        buffer.Advance(sizeof(float));
    }

    /// <summary>Writes a bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteRawVarint((ulong)value.Length);
        buffer.Write(value);
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes an embedded message field.</summary>
    public void WriteMessage(int field, IProtoMessage message)
    {
        var inner = new ProtoWriter();
        message.WriteTo(inner);
        WriteBytes(field, inner.buffer.WrittenSpan);
    }

    /// <summary>The encoded message.</summary>
    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void WriteRawByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    private void WriteTag(int field, int wireType) => WriteRawVarint((ulong)((field << 3) | wireType));

    private void WriteRawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteRawByte((byte)(value | 0x80));
            value >>= 7;
        }
        WriteRawByte((byte)value);
    }
}
