using System.Buffers.Binary;
using System.Text;

namespace Florence2.TestModels;

/// <summary>
/// Protocol Buffers wire encoding of one message, streamed: fields go to the stream in the order they are
/// written, and an embedded message is measured first (a dry run that only counts bytes) so that its length
/// prefix can precede it. Large byte fields are therefore written once, straight from their arrays, with no
/// nested copies — which keeps writing a base-sized model (hundreds of megabytes) fast and lean.
/// Repeated fields are written unpacked (one tag per element), which every parser accepts.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintWireType = 0;
    private const int LengthDelimitedWireType = 2;
    private const int Fixed32WireType = 5;
    private const int MaxVarintBytes = 10;

    // Null for a dry run that only measures.
    private readonly Stream? stream;

    /// <summary>A writer that appends the encoding to <paramref name="destination"/>.</summary>
    public ProtoWriter(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        stream = destination;
    }

    private ProtoWriter() => stream = null;

    /// <summary>Bytes written (or counted) so far.</summary>
    public long Length { get; private set; }

    /// <summary>The encoded size of <paramref name="message"/>, without encoding it anywhere.</summary>
    public static long Measure(IProtoMessage message)
    {
        var counter = new ProtoWriter();
        message.WriteTo(counter);
        return counter.Length;
    }

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
        Span<byte> bytes = stackalloc byte[sizeof(float)];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        WriteRaw(bytes);
    }

    /// <summary>Writes a bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteRawVarint((ulong)value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes an embedded message field.</summary>
    public void WriteMessage(int field, IProtoMessage message)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteRawVarint((ulong)Measure(message));
        message.WriteTo(this);
    }

    private void WriteTag(int field, int wireType) => WriteRawVarint((ulong)((field << 3) | wireType));

    private void WriteRawVarint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[MaxVarintBytes];
        var count = 0;
        while (value >= 0x80)
        {
            bytes[count++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[count++] = (byte)value;
        WriteRaw(bytes[..count]);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        stream?.Write(bytes);
        Length += bytes.Length;
    }
}
