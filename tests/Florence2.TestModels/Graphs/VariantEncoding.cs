namespace Florence2.TestModels;

/// <summary>How one module file of a <see cref="TinyModelVariant"/> declares its float interface and stores its weights.</summary>
/// <param name="HalfPrecisionInterface">Float inputs and outputs are float16 (computed in float32 inside).</param>
/// <param name="Weights">How weight MatMuls, Convs and embedding Gathers are encoded.</param>
/// <param name="EightBitWeightType"><see cref="OnnxDataType.Int8"/> or <see cref="OnnxDataType.Uint8"/> for <see cref="WeightEncoding.Dynamic8Bit"/>.</param>
/// <param name="HalfPrecisionMatMulNBits"><c>MatMulNBits</c> takes float16 activations and scales (q4f16).</param>
/// <param name="AccuracyLevel"><c>MatMulNBits</c>' accuracy_level attribute; null leaves it out.</param>
internal sealed record VariantEncoding(bool HalfPrecisionInterface, WeightEncoding Weights, OnnxDataType EightBitWeightType, bool HalfPrecisionMatMulNBits, int? AccuracyLevel = null)
{
    /// <summary>Symmetric 4-bit blocks along K, as transformers.js quantizes (MatMul4BitsQuantizer, block_size 32).</summary>
    public const int FourBitBlockSize = 32;

    /// <summary>Float32 everywhere.</summary>
    public static VariantEncoding Fp32 { get; } = new(false, WeightEncoding.Float, OnnxDataType.Int8, false);

    /// <summary>
    /// The encoding of <paramref name="variant"/> for a module that has (<paramref name="moduleHasConv"/>) or has not a
    /// convolution: transformers.js's q8 picks unsigned weights for a model with a Conv (onnxruntime-web has no
    /// ConvInteger for signed weights) and signed weights otherwise.
    /// </summary>
    public static VariantEncoding For(TinyModelVariant variant, bool moduleHasConv, int? accuracyLevel = null) => variant switch
    {
        TinyModelVariant.Fp32 => Fp32,
        TinyModelVariant.Fp16 => Fp32 with { HalfPrecisionInterface = true },
        TinyModelVariant.Quantized => new(false, WeightEncoding.Dynamic8Bit, moduleHasConv ? OnnxDataType.Uint8 : OnnxDataType.Int8, false),
        TinyModelVariant.Int8 => new(false, WeightEncoding.Dynamic8Bit, OnnxDataType.Int8, false),
        TinyModelVariant.Uint8 => new(false, WeightEncoding.Dynamic8Bit, OnnxDataType.Uint8, false),
        TinyModelVariant.Q4 => new(false, WeightEncoding.Blockwise4Bit, OnnxDataType.Int8, false, accuracyLevel),
        TinyModelVariant.Q4F16 => new(true, WeightEncoding.Blockwise4Bit, OnnxDataType.Int8, true, accuracyLevel),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown variant."),
    };
}

/// <summary>How the weights of one module file are stored.</summary>
internal enum WeightEncoding
{
    /// <summary>Float32 initializers read by MatMul, Conv and Gather.</summary>
    Float,

    /// <summary>
    /// onnxruntime.quantization's dynamic (IntegerOps) form: 8-bit per-tensor weights with a scale and zero point,
    /// activations quantized at run time by DynamicQuantizeLinear, MatMulInteger/ConvInteger accumulating in int32,
    /// then Cast and Mul by the product of the two scales; embedding tables are uint8 read through DequantizeLinear.
    /// </summary>
    Dynamic8Bit,

    /// <summary>MatMul4BitsQuantizer's QOperator form: <c>com.microsoft.MatMulNBits</c> with symmetric 4-bit blocks.</summary>
    Blockwise4Bit,
}
