using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Florence2.TestModels;

/// <summary>An ONNX <c>TensorProto</c> whose values are stored little-endian in <c>raw_data</c>.</summary>
internal sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims, byte[] RawData) : IProtoMessage
{
    /// <summary>A float32 tensor.</summary>
    public static OnnxTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var raw = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            // One block copy: base-sized weights are hundreds of megabytes.
            MemoryMarshal.AsBytes(values).CopyTo(raw);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
            }
        }
        return new OnnxTensor(name, OnnxDataType.Float, dims, raw);
    }

    /// <summary>A float16 tensor of the values rounded to the nearest half (as numpy's <c>astype(float16)</c>).</summary>
    public static OnnxTensor FromHalfs(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var raw = new byte[values.Length * sizeof(ushort)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(raw.AsSpan(i * sizeof(ushort)), (Half)values[i]);
        }
        return new OnnxTensor(name, OnnxDataType.Float16, dims, raw);
    }

    /// <summary>A tensor of one-byte elements (<see cref="OnnxDataType.Uint8"/> or <see cref="OnnxDataType.Int8"/>, two's complement).</summary>
    public static OnnxTensor FromBytes(string name, OnnxDataType type, byte[] values, params long[] dims)
    {
        if (type is not (OnnxDataType.Uint8 or OnnxDataType.Int8))
        {
            throw new ArgumentException($"One-byte tensors are uint8 or int8, not {type}.", nameof(type));
        }
        return new OnnxTensor(name, type, dims, values);
    }

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor FromInt64s(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }
        return new OnnxTensor(name, OnnxDataType.Int64, dims, raw);
    }

    /// <inheritdoc/>
    public void WriteTo(ProtoWriter writer)
    {
        foreach (var dim in Dims)
        {
            writer.WriteVarint(1, dim);
        }
        writer.WriteVarint(2, (long)DataType);
        writer.WriteString(8, Name);
        writer.WriteBytes(9, RawData);
    }
}
