using Florence2.TestModels;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Tests.TestModels;

/// <summary>The four sessions of one generated folder in one variant (fp32 by default) and one-call runs of each.</summary>
internal sealed class TinyModelSessions : IDisposable
{
    private readonly bool halfPrecision;
    private readonly TinyModelOptions options;

    public TinyModelSessions(string folder, TinyModelOptions options, bool halfPrecision = false)
        : this(folder, options, halfPrecision ? TinyModelVariant.Fp16 : TinyModelVariant.Fp32)
    {
    }

    public TinyModelSessions(string folder, TinyModelOptions options, TinyModelVariant variant)
    {
        this.options = options;
        halfPrecision = variant is TinyModelVariant.Fp16 or TinyModelVariant.Q4F16;
        string PathOf(string file) => Path.Combine(folder, TinyModelFiles.Variant(file, variant));
        Vision = new InferenceSession(PathOf(TinyModelFiles.VisionEncoder));
        Embed = new InferenceSession(PathOf(TinyModelFiles.EmbedTokens));
        Encoder = new InferenceSession(PathOf(TinyModelFiles.Encoder));
        Decoder = new InferenceSession(PathOf(TinyModelFiles.DecoderMerged));
    }

    public InferenceSession Vision { get; }
    public InferenceSession Embed { get; }
    public InferenceSession Encoder { get; }
    public InferenceSession Decoder { get; }

    public HostTensor EncodeImage(HostTensor pixels) =>
        Run(Vision, new() { ["pixel_values"] = pixels.ToOrtValue(halfPrecision) })["image_features"];

    public HostTensor EmbedTokens(params long[] ids) =>
        Run(Embed, new() { ["input_ids"] = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]) })["inputs_embeds"];

    public HostTensor EncodeText(HostTensor embeds, long[] mask) => Run(Encoder, new()
    {
        ["inputs_embeds"] = embeds.ToOrtValue(halfPrecision),
        ["attention_mask"] = OrtValue.CreateTensorValueFromMemory(mask, [1, mask.Length]),
    })["last_hidden_state"];

    /// <summary>
    /// Runs the merged decoder. A null <paramref name="past"/> selects the cache-free branch with empty past
    /// tensors; otherwise the cached branch is fed the given <c>past_key_values.*</c>.
    /// </summary>
    public Dictionary<string, HostTensor> Decode(HostTensor encoderHidden, long[] encoderMask, HostTensor embeds, IReadOnlyDictionary<string, HostTensor>? past)
    {
        var inputs = new Dictionary<string, OrtValue>
        {
            ["encoder_attention_mask"] = OrtValue.CreateTensorValueFromMemory(encoderMask, [1, encoderMask.Length]),
            ["encoder_hidden_states"] = encoderHidden.ToOrtValue(halfPrecision),
            ["inputs_embeds"] = embeds.ToOrtValue(halfPrecision),
            ["use_cache_branch"] = OrtValue.CreateTensorValueFromMemory(new[] { past is not null }, [1]),
        };
        foreach (var name in PastNames(options))
        {
            var tensor = past?[name] ?? HostTensor.Empty(1, options.Heads, 0, options.HeadDim);
            inputs[name] = tensor.ToOrtValue(halfPrecision);
        }
        return Run(Decoder, inputs);
    }

    public static IEnumerable<string> PastNames(TinyModelOptions options) =>
        from layer in Enumerable.Range(0, options.DecoderLayers)
        from part in new[] { "decoder.key", "decoder.value", "encoder.key", "encoder.value" }
        select $"past_key_values.{layer}.{part}";

    public void Dispose()
    {
        Vision.Dispose();
        Embed.Dispose();
        Encoder.Dispose();
        Decoder.Dispose();
    }

    private static Dictionary<string, HostTensor> Run(InferenceSession session, Dictionary<string, OrtValue> inputs)
    {
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputs.Keys, inputs.Values, session.OutputNames);
            return session.OutputNames.Zip(outputs).ToDictionary(pair => pair.First, pair => HostTensor.CopyOf(pair.Second));
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }
}
