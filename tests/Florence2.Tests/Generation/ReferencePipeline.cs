using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Tests.Generation;

/// <summary>
/// Test oracle: runs the four ONNX files of a float32 model folder with plain ONNX Runtime calls and no key/value
/// cache. Every decoder call feeds the whole sequence through the no-cache branch and reads the last position's
/// logits, so it shares nothing with the library's cache handling.
/// </summary>
internal sealed class ReferencePipeline : IDisposable
{
    private readonly InferenceSession _vision;
    private readonly InferenceSession _embed;
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly int _layers;
    private readonly int _heads;
    private readonly int _headDim;

    public ReferencePipeline(string modelDirectory, int layers, int heads, int headDim)
    {
        var onnx = Path.Combine(modelDirectory, "onnx");
        _vision = new InferenceSession(Path.Combine(onnx, "vision_encoder.onnx"));
        _embed = new InferenceSession(Path.Combine(onnx, "embed_tokens.onnx"));
        _encoder = new InferenceSession(Path.Combine(onnx, "encoder_model.onnx"));
        _decoder = new InferenceSession(Path.Combine(onnx, "decoder_model_merged.onnx"));
        _layers = layers;
        _heads = heads;
        _headDim = headDim;
    }

    /// <summary>Vision features, prompt embeddings, concatenation and encoder: returns [E, D] as a flat array.</summary>
    public (float[] Hidden, int Length, int Dim) Encode(float[] pixelValues, int height, int width, IReadOnlyList<int> promptIds)
    {
        using var pixels = OrtValue.CreateTensorValueFromMemory(pixelValues, [1, 3, height, width]);
        float[] image;
        long[] imageShape;
        using (var outputs = Run(_vision, ["pixel_values"], [pixels], ["image_features"]))
        {
            image = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            imageShape = outputs[0].GetTensorTypeAndShape().Shape;
        }

        var prompt = Embed(promptIds.Select(i => (long)i).ToArray());
        var dim = (int)imageShape[2];
        var length = (int)imageShape[1] + promptIds.Count;
        var joined = image.Concat(prompt).ToArray();
        using var embeds = OrtValue.CreateTensorValueFromMemory(joined, [1, length, dim]);
        using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, length).ToArray(), [1, length]);
        using var encoded = Run(_encoder, ["inputs_embeds", "attention_mask"], [embeds, mask], ["last_hidden_state"]);
        return (encoded[0].GetTensorDataAsSpan<float>().ToArray(), length, dim);
    }

    /// <summary>Logits of the token after <paramref name="sequence"/>, computed from scratch.</summary>
    public float[] NextLogits(float[] hidden, int length, int dim, IReadOnlyList<long> sequence)
    {
        var embeds = Embed(sequence.ToArray());
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, length).ToArray(), [1, length]),
            OrtValue.CreateTensorValueFromMemory(hidden, [1, length, dim]),
            OrtValue.CreateTensorValueFromMemory(embeds, [1, sequence.Count, dim]),
            OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]),
        };
        var names = new List<string> { "encoder_attention_mask", "encoder_hidden_states", "inputs_embeds", "use_cache_branch" };
        for (var i = 0; i < _layers; i++)
        {
            foreach (var part in new[] { "decoder", "encoder" })
            {
                foreach (var kind in new[] { "key", "value" })
                {
                    names.Add($"past_key_values.{i}.{part}.{kind}");
                    values.Add(OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, _heads, 0, _headDim]));
                }
            }
        }

        try
        {
            using var outputs = Run(_decoder, names, values, ["logits"]);
            var all = outputs[0].GetTensorDataAsSpan<float>();
            var vocabulary = (int)outputs[0].GetTensorTypeAndShape().Shape[2];
            return all.Slice((sequence.Count - 1) * vocabulary, vocabulary).ToArray();
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    public void Dispose()
    {
        _vision.Dispose();
        _embed.Dispose();
        _encoder.Dispose();
        _decoder.Dispose();
    }

    /// <summary>
    /// One run with its own <see cref="RunOptions"/>, held until the run returns: ONNX Runtime's managed Run passes
    /// only the native handle on, so options that nothing holds can be finalized, and freed, while the run still
    /// reads them (its terminate flag, its configuration). A <c>new RunOptions()</c> passed straight in crashed the test host.
    /// </summary>
    private static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames)
    {
        using var options = new RunOptions();
        return session.Run(options, inputNames, inputs, outputNames);
    }

    private float[] Embed(long[] ids)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        using var outputs = Run(_embed, ["input_ids"], [input], ["inputs_embeds"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
