namespace Florence2.TestModels;

#pragma warning disable CA1720 // The names mirror the file suffixes of the exports (_int8, _uint8), as Florence2.ModelVariant does.

/// <summary>
/// The file variants of a module that <see cref="TinyModelWriter"/> can write, named and encoded as the
/// onnx-community Florence-2 exports (made with transformers.js's <c>scripts/quantize.py</c>) name and encode them.
/// All variants of one folder encode the same random fp32 weights, so they can be compared.
/// </summary>
public enum TinyModelVariant
{
    /// <summary>Full precision, no suffix.</summary>
    Fp32 = 0,

    /// <summary>
    /// <c>_fp16</c>: float16 inputs and outputs. Inside, this generator computes in float32 with float32 weights
    /// (the real export stores float16 weights); only the interface is half precision.
    /// </summary>
    Fp16,

    /// <summary>
    /// <c>_quantized</c> (transformers.js's q8): dynamic 8-bit quantization as <c>quantize_dynamic</c> writes it,
    /// with signed weights, or unsigned weights in a module that has a <c>Conv</c> (the vision encoder).
    /// </summary>
    Quantized,

    /// <summary><c>_int8</c>: dynamic 8-bit quantization with signed (symmetric) weights.</summary>
    Int8,

    /// <summary><c>_uint8</c>: dynamic 8-bit quantization with unsigned (asymmetric) weights.</summary>
    Uint8,

    /// <summary>
    /// <c>_q4</c>: every weight MatMul becomes <c>com.microsoft.MatMulNBits</c> with symmetric 4-bit blocks of 32 along
    /// K (MatMul4BitsQuantizer's defaults in transformers.js); gathers and convolutions stay float32.
    /// </summary>
    Q4,

    /// <summary>
    /// <c>_q4f16</c>: <see cref="Q4"/> with float16 inputs and outputs and float16 activations and scales in every
    /// <c>MatMulNBits</c>. The other operators compute in float32, as in this generator's <see cref="Fp16"/> files.
    /// </summary>
    Q4F16,
}
