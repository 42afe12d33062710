namespace Florence2.TestModels;

/// <summary>
/// A float tensor quantized per tensor to 8 bits: real ≈ (q − <see cref="ZeroPoint"/>) × <see cref="Scale"/>.
/// <see cref="Values"/> holds the bytes as stored (two's complement for int8).
/// </summary>
internal sealed record EightBitTensor(OnnxDataType Type, byte[] Values, float Scale, int ZeroPoint)
{
    // numpy.finfo(float32).tiny: below it the reference quantizer treats the range as empty.
    private const double SmallestNormalFloat = 1.1754943508222875e-38;

    /// <summary>
    /// Quantizes as onnxruntime.quantization does for weights (<c>compute_scale_zp</c>, <c>quantize_nparray</c>):
    /// the range is widened to include 0; int8 is symmetric over [−127, 127] with zero point 0, uint8 is asymmetric
    /// over [0, 255] with a rounded zero point; values are divided by the float32 scale and rounded half to even.
    /// </summary>
    public static EightBitTensor Quantize(ReadOnlySpan<float> values, OnnxDataType type)
    {
        var min = 0f;
        var max = 0f;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        var signed = type switch
        {
            OnnxDataType.Int8 => true,
            OnnxDataType.Uint8 => false,
            _ => throw new ArgumentException($"8-bit quantization is to int8 or uint8, not {type}.", nameof(type)),
        };
        var (qmin, qmax) = signed ? (-127, 127) : (0, 255);
        double low = min, high = max;
        if (signed)
        {
            var absMax = Math.Max(Math.Abs(low), Math.Abs(high));
            (low, high) = (-absMax, absMax);
        }

        var scale = (high - low) / (qmax - qmin);
        int zeroPoint;
        if (scale < SmallestNormalFloat)
        {
            // An all-zero tensor: the reference quantizer picks scale 1 and zero point 0.
            scale = 1.0;
            zeroPoint = 0;
        }
        else
        {
            zeroPoint = signed ? 0 : (int)Math.Round(qmin - (low / scale), MidpointRounding.ToEven);
        }

        var scale32 = (float)scale;
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var q = (int)MathF.Round(values[i] / scale32, MidpointRounding.ToEven) + zeroPoint;
            bytes[i] = unchecked((byte)Math.Clamp(q, qmin, qmax));
        }
        return new EightBitTensor(type, bytes, scale32, zeroPoint);
    }

    /// <summary>The integer stored at <paramref name="index"/>.</summary>
    public int QuantizedAt(int index) => Type == OnnxDataType.Int8 ? unchecked((sbyte)Values[index]) : Values[index];

    /// <summary>The real value the element at <paramref name="index"/> stands for.</summary>
    public float Dequantized(int index) => (QuantizedAt(index) - ZeroPoint) * Scale;

    /// <summary>The zero point as the one-byte scalar tensor the quantized operators read.</summary>
    public byte ZeroPointByte => unchecked((byte)ZeroPoint);
}
