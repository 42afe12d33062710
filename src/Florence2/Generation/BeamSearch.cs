using System.Numerics.Tensors;

namespace Florence2.Generation;

/// <summary>
/// Beam search with the semantics of Hugging Face's <c>BeamSearchScorer</c> (transformers 4.3x–4.4x): beams live
/// on the batch rows of the decoder; each step ranks the top 2·num_beams continuations of all beams, finished
/// (EOS) candidates ranked within the top num_beams become hypotheses, the others continue. See docs/generation.md.
/// </summary>
internal static class BeamSearch
{
    // Hugging Face starts every beam but the first at -1e9 so that step one expands a single beam.
    private const float DeadBeamScore = -1e9f;

    public static SearchResult Run(IStepDecoder decoder, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var beams = settings.NumBeams;
        var vocabulary = decoder.VocabularySize;
        var maxLength = settings.MaxLength;
        var candidates = 2 * beams;

        // Per beam: its tokens and each token's processed log-probability, double-buffered for reordering.
        var sequences = NewRows<long>(beams, maxLength);
        var nextSequences = NewRows<long>(beams, maxLength);
        var tokenScores = NewRows<float>(beams, maxLength);
        var nextTokenScores = NewRows<float>(beams, maxLength);
        for (var b = 0; b < beams; b++)
        {
            sequences[b][0] = settings.DecoderStartTokenId;
        }

        var beamScores = new float[beams];
        beamScores.AsSpan(1).Fill(DeadBeamScore);
        var nextScores = new float[beams];
        var nextTokens = new long[beams];
        var sources = new int[beams];
        var processed = new float[beams * vocabulary];
        var totals = new float[beams * vocabulary];
        var topIndices = new int[candidates];
        var topValues = new float[candidates];
        var lastTokens = new long[beams];
        lastTokens.AsSpan().Fill(settings.DecoderStartTokenId);

        var hypotheses = new BeamHypotheses(settings);
        var length = 1;
        var done = false;
        var steps = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = decoder.Step(lastTokens, cancellationToken);
            steps++;
            for (var b = 0; b < beams; b++)
            {
                var row = processed.AsSpan(b * vocabulary, vocabulary);
                var total = totals.AsSpan(b * vocabulary, vocabulary);
                LogitsProcessing.Apply(logits.Slice(b * vocabulary, vocabulary), row, sequences[b].AsSpan(0, length), settings);
                TensorPrimitives.Add(row, beamScores[b], total);
            }

            TopK(totals, topIndices, topValues);

            // A candidate ending here has length + 1 tokens, of which length are generated (the start token is not).
            var filled = 0;
            for (var rank = 0; rank < candidates && filled < beams; rank++)
            {
                var beam = topIndices[rank] / vocabulary;
                var token = topIndices[rank] % vocabulary;
                if (token == settings.EosTokenId)
                {
                    if (rank < beams)
                    {
                        hypotheses.Add(
                            [.. sequences[beam].AsSpan(0, length), token],
                            [.. tokenScores[beam].AsSpan(0, length), processed[topIndices[rank]]],
                            topValues[rank], length);
                    }

                    continue;
                }

                nextScores[filled] = topValues[rank];
                nextTokens[filled] = token;
                sources[filled] = beam;
                filled++;
            }

            if (filled < beams)
            {
                throw new InvalidOperationException(
                    $"Beam search found only {filled} continuations for {beams} beams; the vocabulary ({vocabulary}) is too small for this beam count.");
            }

            // 4.48 and earlier estimate from the best candidate of the step, EOS or not; 4.49 and later from the best
            // one that continues (the first running beam).
            var bestRunning = settings.BeamStoppingRule == BeamStoppingRule.Transformers449 ? nextScores[0] : topValues[0];
            done = hypotheses.IsDone(bestRunning, length);

            for (var b = 0; b < beams; b++)
            {
                var source = sources[b];
                sequences[source].AsSpan(0, length).CopyTo(nextSequences[b]);
                tokenScores[source].AsSpan(0, length).CopyTo(nextTokenScores[b]);
                nextSequences[b][length] = nextTokens[b];
                nextTokenScores[b][length] = processed[(source * vocabulary) + (int)nextTokens[b]];
            }

            (sequences, nextSequences) = (nextSequences, sequences);
            (tokenScores, nextTokenScores) = (nextTokenScores, tokenScores);
            nextScores.CopyTo(beamScores, 0);
            nextTokens.CopyTo(lastTokens, 0);
            length++;
            if (done || length >= maxLength)
            {
                break;
            }

            decoder.ReorderRows(sources);
        }

        if (!done)
        {
            // At the length limit the running beams compete with their running scores (no EOS is appended).
            for (var b = 0; b < beams; b++)
            {
                hypotheses.Add(sequences[b][..length], tokenScores[b][..length], beamScores[b], length - 1);
            }
        }

        var (score, best, bestTokenScores) = hypotheses.Best();
        return new SearchResult(best, bestTokenScores, score, steps);
    }

    private static T[][] NewRows<T>(int rows, int length)
    {
        var result = new T[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = new T[length];
        }

        return result;
    }

    /// <summary>
    /// The largest values of <paramref name="scores"/>, best first; equal values keep index order. A linear scan
    /// with a small insertion list: k is 2·num_beams, far below the vocabulary size.
    /// </summary>
    internal static void TopK(ReadOnlySpan<float> scores, Span<int> indices, Span<float> values)
    {
        var k = indices.Length;
        values.Fill(float.NegativeInfinity);
        indices.Fill(-1);
        for (var i = 0; i < scores.Length; i++)
        {
            var x = scores[i];
            if (x <= values[k - 1] && indices[k - 1] >= 0)
            {
                continue;
            }

            var at = k - 1;
            while (at > 0 && (x > values[at - 1] || indices[at - 1] < 0))
            {
                values[at] = values[at - 1];
                indices[at] = indices[at - 1];
                at--;
            }

            values[at] = x;
            indices[at] = i;
        }
    }
}
