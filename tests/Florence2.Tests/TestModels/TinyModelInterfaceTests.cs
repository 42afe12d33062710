using Florence2.TestModels;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Tests.TestModels;

/// <summary>The session metadata of every module matches the onnx-community tensor contract (names, order, types, dims).</summary>
public sealed class TinyModelInterfaceTests(TinyModelFolder folder) : IClassFixture<TinyModelFolder>
{
    // A dim is a fixed size (long) or a symbolic name (string).
    private sealed record Expected(string Name, bool IsFloat, TensorElementType OtherType, params object[] Dims);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Vision_encoder_interface(bool halfPrecision) => AssertInterface(
        TinyModelFiles.VisionEncoder, halfPrecision,
        [Float("pixel_values", "batch_size", 3L, "height", "width")],
        [Float("image_features", "batch_size", 577L, 32L)]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Embed_tokens_interface(bool halfPrecision) => AssertInterface(
        TinyModelFiles.EmbedTokens, halfPrecision,
        [Int64("input_ids", "batch_size", "sequence_length")],
        [Float("inputs_embeds", "batch_size", "sequence_length", 32L)]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encoder_interface(bool halfPrecision) => AssertInterface(
        TinyModelFiles.Encoder, halfPrecision,
        [Float("inputs_embeds", "batch_size", "encoder_sequence_length", 32L), Int64("attention_mask", "batch_size", "encoder_sequence_length")],
        [Float("last_hidden_state", "batch_size", "encoder_sequence_length", 32L)]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Merged_decoder_interface(bool halfPrecision)
    {
        List<Expected> inputs =
        [
            Int64("encoder_attention_mask", "batch_size", "encoder_sequence_length"),
            Float("encoder_hidden_states", "batch_size", "encoder_sequence_length", 32L),
            Float("inputs_embeds", "batch_size", "decoder_sequence_length", 32L),
        ];
        List<Expected> outputs = [Float("logits", "batch_size", "decoder_sequence_length", 51289L)];
        for (var i = 0; i < 2; i++)
        {
            inputs.Add(Float($"past_key_values.{i}.decoder.key", "batch_size", 4L, "past_decoder_sequence_length", 8L));
            inputs.Add(Float($"past_key_values.{i}.decoder.value", "batch_size", 4L, "past_decoder_sequence_length", 8L));
            inputs.Add(Float($"past_key_values.{i}.encoder.key", "batch_size", 4L, "encoder_sequence_length_out", 8L));
            inputs.Add(Float($"past_key_values.{i}.encoder.value", "batch_size", 4L, "encoder_sequence_length_out", 8L));
            outputs.Add(Float($"present.{i}.decoder.key", "batch_size", 4L, "present_decoder_sequence_length", 8L));
            outputs.Add(Float($"present.{i}.decoder.value", "batch_size", 4L, "present_decoder_sequence_length", 8L));
            outputs.Add(Float($"present.{i}.encoder.key", "batch_size", 4L, "encoder_sequence_length_out", 8L));
            outputs.Add(Float($"present.{i}.encoder.value", "batch_size", 4L, "encoder_sequence_length_out", 8L));
        }
        inputs.Add(new Expected("use_cache_branch", false, TensorElementType.Bool, 1L));
        AssertInterface(TinyModelFiles.DecoderMerged, halfPrecision, inputs, outputs);
    }

    private static Expected Float(string name, params object[] dims) => new(name, true, TensorElementType.Float, dims);

    private static Expected Int64(string name, params object[] dims) => new(name, false, TensorElementType.Int64, dims);

    private void AssertInterface(string module, bool halfPrecision, IReadOnlyList<Expected> inputs, IReadOnlyList<Expected> outputs)
    {
        var file = halfPrecision ? TinyModelFiles.Fp16Variant(module) : module;
        using var session = new InferenceSession(Path.Combine(folder.DefaultPath, file));
        Assert.Equal(inputs.Select(e => e.Name), session.InputNames);
        Assert.Equal(outputs.Select(e => e.Name), session.OutputNames);
        foreach (var expected in inputs)
        {
            AssertTensor(expected, session.InputMetadata[expected.Name], halfPrecision);
        }
        foreach (var expected in outputs)
        {
            AssertTensor(expected, session.OutputMetadata[expected.Name], halfPrecision);
        }
    }

    private static void AssertTensor(Expected expected, NodeMetadata actual, bool halfPrecision)
    {
        var type = expected.IsFloat ? (halfPrecision ? TensorElementType.Float16 : TensorElementType.Float) : expected.OtherType;
        Assert.True(actual.IsTensor, expected.Name);
        Assert.Equal(type, actual.ElementDataType);
        var dims = expected.Dims.Select(dim => dim is long size ? size : -1L);
        var symbols = expected.Dims.Select(dim => dim as string ?? string.Empty);
        Assert.Equal(dims, actual.Dimensions.Select(dim => (long)dim));
        Assert.Equal(symbols, actual.SymbolicDimensions);
    }
}
