using System.Numerics.Tensors;

namespace Florence2.Generation;

/// <summary>
/// Turns one row of logits into the scores a search ranks: log-softmax, then Hugging Face's logits processors in
/// the order <c>generate</c> applies them for Florence-2 (no-repeat n-gram, forced BOS, forced EOS).
/// </summary>
internal static class LogitsProcessing
{
    /// <summary>
    /// Writes processed log-probabilities of the next token into <paramref name="scores"/>.
    /// <paramref name="sequence"/> is the hypothesis so far (it starts with the decoder start token).
    /// </summary>
    public static void Apply(ReadOnlySpan<float> logits, Span<float> scores, ReadOnlySpan<long> sequence, GenerationSettings settings)
    {
        LogSoftmax(logits, scores);
        if (settings.NoRepeatNgramSize > 0)
        {
            BanRepeatedNgrams(scores, sequence, settings.NoRepeatNgramSize);
        }

        var length = sequence.Length;
        if (settings.ForcedBosTokenId is { } bos && length == 1)
        {
            ForceToken(scores, bos);
        }

        if (settings.ForcedEosTokenId is { } eos && length == settings.MaxLength - 1)
        {
            ForceToken(scores, eos);
        }
    }

    /// <summary>
    /// log(softmax(x)) = x − (max + log Σ exp(x − max)), in four vectorized passes: it runs for every row at every
    /// step over the whole vocabulary (51,289 entries), so it is the search's largest cost. A NaN or infinite logit
    /// makes the normalizer NaN or infinite, so one check of it catches a broken row without a pass of its own.
    /// </summary>
    /// <exception cref="ModelFaultException">The row holds a NaN or infinite logit (or only −∞).</exception>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        var max = TensorPrimitives.Max(logits);
        var shifted = destination[..logits.Length];
        TensorPrimitives.Subtract(logits, max, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        var logSum = max + MathF.Log(TensorPrimitives.Sum(shifted));
        if (!float.IsFinite(logSum))
        {
            throw new ModelFaultException(
                "The decoder returned logits that are not numbers (NaN or infinite values), so no token can be chosen. The decoder file is "
                + "broken (a bad export or conversion) or the execution provider computed garbage; check the file against its repository, "
                + "or try the CPU provider.");
        }

        TensorPrimitives.Subtract(logits, logSum, shifted);
    }

    /// <summary>
    /// Bans every token that would complete an n-gram already present in <paramref name="sequence"/>: the last
    /// n−1 tokens followed by the token must not have occurred before.
    /// </summary>
    public static void BanRepeatedNgrams(Span<float> scores, ReadOnlySpan<long> sequence, int n)
    {
        var length = sequence.Length;
        if (length + 1 < n)
        {
            return;
        }

        var prefix = sequence.Slice(length - (n - 1));
        for (var start = 0; start + n <= length; start++)
        {
            if (sequence.Slice(start, n - 1).SequenceEqual(prefix))
            {
                scores[checked((int)sequence[start + n - 1])] = float.NegativeInfinity;
            }
        }
    }

    private static void ForceToken(Span<float> scores, int token)
    {
        scores.Fill(float.NegativeInfinity);
        scores[token] = 0f;
    }
}
