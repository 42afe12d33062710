namespace Florence2;

#pragma warning disable CA1720 // The names mirror the file suffixes of the exports (_int8, _uint8).

/// <summary>
/// Which file of an ONNX module to load. The onnx-community exports ship each module in several variants that
/// differ only in a file-name suffix (<c>decoder_model_merged_q4.onnx</c>, ...). Not every repository has every
/// variant; loading a variant that is not there fails with <see cref="ModelFileMissingException"/> listing the
/// variants present.
/// </summary>
public enum ModelVariant
{
    /// <summary>Full precision, no suffix (<c>vision_encoder.onnx</c>).</summary>
    Fp32 = 0,

    /// <summary>Half precision, suffix <c>_fp16</c>. Inputs and outputs are converted automatically.</summary>
    Fp16,

    /// <summary>8-bit dynamic quantization, suffix <c>_quantized</c> (transformers.js calls it q8).</summary>
    Quantized,

    /// <summary>Signed 8-bit weights, suffix <c>_int8</c>.</summary>
    Int8,

    /// <summary>Unsigned 8-bit weights, suffix <c>_uint8</c>.</summary>
    Uint8,

    /// <summary>4-bit weights, suffix <c>_q4</c>.</summary>
    Q4,

    /// <summary>4-bit weights with half-precision activations, suffix <c>_q4f16</c>.</summary>
    Q4F16,

    /// <summary>bitsandbytes-style 4-bit weights, suffix <c>_bnb4</c>.</summary>
    Bnb4,
}
