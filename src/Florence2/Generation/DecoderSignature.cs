using System.Globalization;
using Florence2.Runtime;

using Florence2.Model;

namespace Florence2.Generation;

/// <summary>
/// Tensor names and expected shapes of the language model's three files, derived from <c>text_config</c>.
/// Names follow the onnx-community export (Optimum's merged decoder).
/// </summary>
internal sealed class DecoderSignature
{
    public const string InputIds = "input_ids";
    public const string InputsEmbeds = "inputs_embeds";
    public const string AttentionMask = "attention_mask";
    public const string LastHiddenState = "last_hidden_state";
    public const string EncoderAttentionMask = "encoder_attention_mask";
    public const string EncoderHiddenStates = "encoder_hidden_states";
    public const string UseCacheBranch = "use_cache_branch";
    public const string Logits = "logits";

    public DecoderSignature(TextModelConfig config)
    {
        Config = config;
        int? d = config.DModel;
        int? heads = config.DecoderHeads;
        int? headDim = config.DecoderHeadDim;

        EmbedInputs = [new(InputIds, TensorKind.Int64, [null, null])];
        EmbedOutputs = [new(InputsEmbeds, TensorKind.Floating, [null, null, d])];
        EncoderInputs = [new(InputsEmbeds, TensorKind.Floating, [null, null, d]), new(AttentionMask, TensorKind.Int64, [null, null])];
        EncoderOutputs = [new(LastHiddenState, TensorKind.Floating, [null, null, d])];

        var layers = config.DecoderLayers;
        PastDecoderNames = new string[2 * layers];
        PastEncoderNames = new string[2 * layers];
        var presentNames = new List<string>(4 * layers);
        var inputs = new List<TensorSpec>
        {
            new(EncoderAttentionMask, TensorKind.Int64, [null, null]),
            new(EncoderHiddenStates, TensorKind.Floating, [null, null, d]),
            new(InputsEmbeds, TensorKind.Floating, [null, null, d]),
            new(UseCacheBranch, TensorKind.Bool, [1]),
        };
        var outputs = new List<TensorSpec> { new(Logits, TensorKind.Floating, [null, null, config.VocabSize]) };
        for (var i = 0; i < layers; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                var kind = j == 0 ? "key" : "value";
                PastDecoderNames[(2 * i) + j] = Name("past_key_values", i, "decoder", kind);
                PastEncoderNames[(2 * i) + j] = Name("past_key_values", i, "encoder", kind);
            }
        }

        inputs.AddRange(Array.ConvertAll(PastDecoderNames, n => new TensorSpec(n, TensorKind.Floating, [null, heads, null, headDim])));
        inputs.AddRange(Array.ConvertAll(PastEncoderNames, n => new TensorSpec(n, TensorKind.Floating, [null, heads, null, headDim])));

        // Output order per layer: decoder key, decoder value, encoder key, encoder value.
        for (var i = 0; i < layers; i++)
        {
            foreach (var part in new[] { "decoder", "encoder" })
            {
                foreach (var kind in new[] { "key", "value" })
                {
                    var name = Name("present", i, part, kind);
                    presentNames.Add(name);
                    // The cached branch returns placeholders for the encoder part, so only the rank is checked there.
                    outputs.Add(new TensorSpec(name, TensorKind.Floating, part == "decoder" ? [null, heads, null, headDim] : [null, null, null, null]));
                }
            }
        }

        DecoderInputs = inputs;
        DecoderOutputs = outputs;
        DecoderInputNames = [EncoderAttentionMask, EncoderHiddenStates, InputsEmbeds, UseCacheBranch, .. PastDecoderNames, .. PastEncoderNames];
        DecoderOutputNames = [Logits, .. presentNames];
    }

    public TextModelConfig Config { get; }

    /// <summary><c>embed_tokens</c>'s one input and one output, shared by the prompt and the decoder steps.</summary>
    public string[] EmbedInputNames { get; } = [InputIds];

    public string[] EmbedOutputNames { get; } = [InputsEmbeds];

    public IReadOnlyList<TensorSpec> EmbedInputs { get; }

    public IReadOnlyList<TensorSpec> EmbedOutputs { get; }

    public IReadOnlyList<TensorSpec> EncoderInputs { get; }

    public IReadOnlyList<TensorSpec> EncoderOutputs { get; }

    public IReadOnlyList<TensorSpec> DecoderInputs { get; }

    public IReadOnlyList<TensorSpec> DecoderOutputs { get; }

    /// <summary>Decoder inputs in the order the step decoder fills them: 4 fixed, then past decoder, then past encoder.</summary>
    public string[] DecoderInputNames { get; }

    /// <summary><c>logits</c>, then per layer present decoder key/value and encoder key/value.</summary>
    public string[] DecoderOutputNames { get; }

    public string[] PastDecoderNames { get; }

    public string[] PastEncoderNames { get; }

    private static string Name(string prefix, int layer, string part, string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}.{layer}.{part}.{kind}");
}
