namespace Florence2.TestModels;

/// <summary>
/// Writes a tiny random-weight Florence-2 model folder in the onnx-community layout: the four ONNX modules under
/// <c>onnx/</c> (and, on request, their <c>_fp16</c>, quantized and 4-bit variants, all from the same weights) plus
/// <c>config.json</c>, <c>generation_config.json</c> and <c>preprocessor_config.json</c>. Tokenizer files are not written.
/// </summary>
public static class TinyModelWriter
{
    /// <summary>Writes the folder into <paramref name="directory"/> (created when missing; files are overwritten).</summary>
    public static void Write(string directory, TinyModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(Path.Combine(directory, "onnx"));

        var weights = TinyWeights.Create(options);
        (string File, Func<TinyWeights, TinyModelOptions, TinyModelVariant, OnnxModel> Build)[] modules =
        [
            (TinyModelFiles.VisionEncoder, VisionEncoderGraph.Build),
            (TinyModelFiles.EmbedTokens, EmbedTokensGraph.Build),
            (TinyModelFiles.Encoder, EncoderGraph.Build),
            (TinyModelFiles.DecoderMerged, DecoderMergedGraph.Build),
        ];
        foreach (var (file, build) in modules)
        {
            foreach (var variant in options.AllVariants)
            {
                build(weights, options, variant).Save(Path.Combine(directory, TinyModelFiles.Variant(file, variant)));
            }
        }
        ConfigFiles.WriteAll(directory, options);
    }
}
