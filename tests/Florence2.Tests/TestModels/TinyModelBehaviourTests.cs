using Florence2.TestModels;

namespace Florence2.Tests.TestModels;

/// <summary>The generated modules compute what the export computes: real dependence on inputs and masks, and a consistent KV cache.</summary>
public sealed class TinyModelBehaviourTests : IClassFixture<TinyModelFolder>
{
    private const int Width = 32;
    private const int ImageTokens = 577;
    private const long DecoderStartToken = 2;
    private static readonly long[] PromptIds = [0, 1000, 2000, 3000, 2];

    private readonly TinyModelFolder folder;
    private readonly TinyModelSessions model;

    public TinyModelBehaviourTests(TinyModelFolder folder)
    {
        this.folder = folder;
        model = folder.Sessions;
    }

    [Fact]
    public void Vision_encoder_puts_the_pooled_token_first_and_each_patch_in_its_own_token()
    {
        var pixels = RandomPixels(seed: 1);
        var changed = pixels with { Data = (float[])pixels.Data.Clone() };
        for (var row = 0; row < 32; row++)
        {
            for (var column = 32; column < 64; column++)
            {
                changed.Data[row * 768 + column] += 1f; // channel 0 of patch (0, 1) → token 1 + 1
            }
        }

        var before = model.EncodeImage(pixels);
        var after = model.EncodeImage(changed);

        Assert.Equal([1L, ImageTokens, Width], before.Shape);
        Assert.True(MaxAbsDiff(Token(before, 0), Token(after, 0)) > 1e-4, "pooled token");
        Assert.True(MaxAbsDiff(Token(before, 2), Token(after, 2)) > 1e-3, "changed patch token");
        Assert.True(MaxAbsDiff(Token(before, 3), Token(after, 3)) < 1e-6, "other patch token");
    }

    [Fact]
    public void Embed_tokens_returns_rows_of_the_shared_embedding()
    {
        long[] ids = [0, 2, 12345, 51288];
        var embedding = TinyWeights.Create(folder.Options).SharedEmbedding;

        var embeds = model.EmbedTokens(ids);

        Assert.Equal([1L, ids.Length, Width], embeds.Shape);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(embedding.AsSpan((int)ids[i] * Width, Width).ToArray(), Token(embeds, i));
        }
    }

    [Fact]
    public void Encoder_attention_mask_hides_masked_positions()
    {
        var embeds = model.EmbedTokens(0, 10, 20, 2);
        var otherLast = model.EmbedTokens(0, 10, 20, 777);

        var masked = model.EncodeText(embeds, [1, 1, 1, 0]);
        var maskedOtherLast = model.EncodeText(otherLast, [1, 1, 1, 0]);
        var unmasked = model.EncodeText(embeds, [1, 1, 1, 1]);

        Assert.Equal([1L, 4, Width], masked.Shape);
        Assert.True(MaxAbsDiff(Token(masked, 0), Token(maskedOtherLast, 0)) < 1e-5, "a masked token must not be seen");
        Assert.True(MaxAbsDiff(Token(masked, 0), Token(unmasked, 0)) > 1e-3, "the mask must change the output");
    }

    [Fact]
    public void Step_zero_takes_empty_past_and_the_cached_branch_returns_placeholder_encoder_outputs()
    {
        var (hidden, mask) = EncodePrompt(model);
        var encoderLength = mask.Length;

        var step0 = model.Decode(hidden, mask, model.EmbedTokens(DecoderStartToken), past: null);
        var step1 = model.Decode(hidden, mask, model.EmbedTokens(0), NextPast(step0, step0));

        Assert.Equal([1L, 1, 51289], step0["logits"].Shape);
        Assert.Equal([1L, 4, 1, 8], step0["present.1.decoder.value"].Shape);
        Assert.Equal([1L, 4, encoderLength, 8], step0["present.1.encoder.key"].Shape);
        Assert.Equal([1L, 1, 51289], step1["logits"].Shape);
        Assert.Equal([1L, 4, 2, 8], step1["present.0.decoder.key"].Shape);
        foreach (var name in new[] { "present.0.encoder.key", "present.0.encoder.value", "present.1.encoder.key", "present.1.encoder.value" })
        {
            Assert.Equal([0L, 4, 1, 8], step1[name].Shape);
            Assert.Empty(step1[name].Data);
        }
    }

    [Fact]
    public void Cached_decoding_matches_cache_free_decoding()
    {
        var (hidden, mask) = EncodePrompt(model);

        var (tokens, stepLogits) = DecodeGreedily(model, hidden, mask, steps: 6);

        for (var step = 0; step < stepLogits.Count; step++)
        {
            var cacheFree = model.Decode(hidden, mask, model.EmbedTokens([.. tokens.Take(step + 1)]), past: null)["logits"];
            Assert.True(MaxAbsDiff(stepLogits[step], cacheFree.LastRow()) <= 1e-4, $"step {step}");
        }
        Assert.True(tokens.Distinct().Count() >= 4, $"logits should be spread, got {string.Join(",", tokens)}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Zeroing_a_layers_self_attention_cache_changes_the_logits(int layer)
    {
        var (hidden, mask) = EncodePrompt(model);
        var outputs = model.Decode(hidden, mask, model.EmbedTokens(DecoderStartToken, 0, 1000), past: null);
        var past = NextPast(outputs, outputs);
        var zeroed = new Dictionary<string, HostTensor>(past);
        foreach (var part in new[] { "key", "value" })
        {
            var name = $"past_key_values.{layer}.decoder.{part}";
            zeroed[name] = past[name] with { Data = new float[past[name].Data.Length] };
        }

        var intact = model.Decode(hidden, mask, model.EmbedTokens(2000), past)["logits"];
        var broken = model.Decode(hidden, mask, model.EmbedTokens(2000), zeroed)["logits"];

        Assert.True(MaxAbsDiff(intact.Data, broken.Data) > 1e-2);
    }

    [Fact]
    public void Cross_attention_honours_the_encoder_attention_mask()
    {
        var (hidden, mask) = EncodePrompt(model);
        var partlyMasked = (long[])mask.Clone();
        partlyMasked[^2] = 0;
        var start = model.EmbedTokens(DecoderStartToken);

        var withAll = model.Decode(hidden, mask, start, past: null)["logits"];
        var withoutOne = model.Decode(hidden, partlyMasked, start, past: null)["logits"];

        Assert.True(MaxAbsDiff(withAll.Data, withoutOne.Data) > 1e-3);
    }

    [Fact]
    public void Cached_branch_reads_the_encoder_cache_not_the_encoder_hidden_states()
    {
        var (hidden, mask) = EncodePrompt(model);
        var step0 = model.Decode(hidden, mask, model.EmbedTokens(DecoderStartToken), past: null);
        var past = NextPast(step0, step0);
        var zeroHidden = hidden with { Data = new float[hidden.Data.Length] };

        var fromHidden = model.Decode(hidden, mask, model.EmbedTokens(0), past)["logits"];
        var fromZeroHidden = model.Decode(zeroHidden, mask, model.EmbedTokens(0), past)["logits"];

        Assert.Equal(fromHidden.Data, fromZeroHidden.Data);
    }

    [Fact]
    public void Scripted_model_decodes_its_script()
    {
        var scripted = folder.ScriptedSessions;
        var (hidden, mask) = EncodePrompt(scripted);
        long[] expected = [DecoderStartToken, 0, .. TinyModelFolder.ScriptTokens.Select(id => (long)id), 2, 2];

        var (tokens, _) = DecodeGreedily(scripted, hidden, mask, steps: expected.Length - 1);

        Assert.Equal(expected, tokens);
    }

    [Fact]
    public void Fp16_variants_agree_with_fp32()
    {
        var half = folder.HalfSessions;
        var pixels = RandomPixels(seed: 2);
        Assert.True(MaxAbsDiff(model.EncodeImage(pixels).Data, half.EncodeImage(pixels).Data) <= 1e-2, "vision");
        Assert.True(MaxAbsDiff(model.EmbedTokens(PromptIds).Data, half.EmbedTokens(PromptIds).Data) <= 1e-2, "embed");

        var (hidden, mask) = EncodePrompt(model);
        var (halfHidden, _) = EncodePrompt(half);
        Assert.True(MaxAbsDiff(hidden.Data, halfHidden.Data) <= 1e-2, "encoder");

        // Logits reach about ±28, where one float16 step is 1/64 (about 0.06% of the range): allow a few steps.
        var (_, logits) = DecodeGreedily(model, hidden, mask, steps: 2);
        var (_, halfLogits) = DecodeGreedily(half, hidden, mask, steps: 2);
        for (var step = 0; step < logits.Count; step++)
        {
            var range = logits[step].Max(Math.Abs);
            Assert.True(MaxAbsDiff(logits[step], halfLogits[step]) <= 2e-3 * range, $"decoder step {step}");
        }
    }

    private static HostTensor RandomPixels(int seed)
    {
        var random = new Random(seed);
        var data = new float[3 * 768 * 768];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 4 - 2);
        }
        return new HostTensor(data, [1, 3, 768, 768]);
    }

    // [image features ; prompt embeddings] through the encoder, with the all-ones merged mask.
    private static (HostTensor Hidden, long[] Mask) EncodePrompt(TinyModelSessions sessions)
    {
        var image = sessions.EncodeImage(RandomPixels(seed: 3));
        var prompt = sessions.EmbedTokens(PromptIds);
        var merged = new HostTensor([.. image.Data, .. prompt.Data], [1, ImageTokens + PromptIds.Length, Width]);
        var mask = Enumerable.Repeat(1L, ImageTokens + PromptIds.Length).ToArray();
        return (sessions.EncodeText(merged, mask), mask);
    }

    // Greedy cached decoding from the start token; returns the tokens (start token first) and each step's logits.
    private static (List<long> Tokens, List<float[]> StepLogits) DecodeGreedily(TinyModelSessions sessions, HostTensor hidden, long[] mask, int steps)
    {
        List<long> tokens = [DecoderStartToken];
        var step0 = sessions.Decode(hidden, mask, sessions.EmbedTokens(DecoderStartToken), past: null);
        List<float[]> stepLogits = [step0["logits"].LastRow()];
        var past = NextPast(step0, step0);
        while (tokens.Count <= steps)
        {
            tokens.Add(ArgMax(stepLogits[^1]));
            var outputs = sessions.Decode(hidden, mask, sessions.EmbedTokens(tokens[^1]), past);
            stepLogits.Add(outputs["logits"].LastRow());
            past = NextPast(outputs, step0);
        }
        return (tokens, stepLogits);
    }

    // present.* → past_key_values.*, with the encoder cache always taken from step 0.
    private static Dictionary<string, HostTensor> NextPast(Dictionary<string, HostTensor> outputs, Dictionary<string, HostTensor> step0) =>
        outputs.Keys.Where(name => name.StartsWith("present.", StringComparison.Ordinal)).ToDictionary(
            name => "past_key_values." + name["present.".Length..],
            name => name.Contains(".encoder.", StringComparison.Ordinal) ? step0[name] : outputs[name]);

    private static long ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static float[] Token(HostTensor tensor, int index) => tensor.Data.AsSpan(index * Width, Width).ToArray();

    private static float MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    }
}
