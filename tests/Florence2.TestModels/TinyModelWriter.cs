namespace Florence2.TestModels;

/// <summary>
/// Writes a tiny random-weight Florence-2 model folder in the onnx-community layout: the four ONNX modules under
/// <c>onnx/</c> (and, on request, their <c>_fp16</c>, quantized and 4-bit variants, all from the same weights) plus
/// <c>config.json</c>, <c>generation_config.json</c> and <c>preprocessor_config.json</c>. Tokenizer files are not written.
/// </summary>
public static class TinyModelWriter
{
    /// <summary>Writes the folder into <paramref name="directory"/> (created when missing; files are overwritten).</summary>
    /// <returns>The vision encoder's cost and size, counted from its graph.</returns>
    public static TinyModelSummary Write(string directory, TinyModelOptions options)
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
        TinyModelSummary? summary = null;
        foreach (var (file, build) in modules)
        {
            foreach (var variant in options.AllVariants)
            {
                var model = build(weights, options, variant);
                model.Save(Path.Combine(directory, TinyModelFiles.Variant(file, variant)));
                if (file == TinyModelFiles.VisionEncoder && variant == TinyModelVariant.Fp32)
                {
                    summary = new TinyModelSummary(
                        long.Parse(model.Metadata[TinyModelMetadata.FlopsKey], System.Globalization.CultureInfo.InvariantCulture),
                        model.Graph.Initializers.Where(t => t.DataType == OnnxDataType.Float).Sum(t => t.Dims.Aggregate(1L, (p, d) => p * d)));
                }
            }
        }
        ConfigFiles.WriteAll(directory, options);
        return summary!;
    }
}
