using System.Numerics.Tensors;

namespace Florence2.Generation;

/// <summary>Greedy decoding: the highest-scoring token each step, until EOS or the length limit.</summary>
internal static class GreedySearch
{
    public static SearchResult Run(IStepDecoder decoder, GenerationSettings settings, Action<int>? onToken, CancellationToken cancellationToken)
    {
        var vocabulary = decoder.VocabularySize;
        var sequence = new long[settings.MaxLength];
        var tokenScores = new float[settings.MaxLength];
        sequence[0] = settings.DecoderStartTokenId;
        var length = 1;
        var scores = new float[vocabulary];
        double total = 0;
        var steps = 0;
        while (length < settings.MaxLength)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = decoder.Step(sequence.AsSpan(length - 1, 1), cancellationToken);
            steps++;
            LogitsProcessing.Apply(logits[..vocabulary], scores, sequence.AsSpan(0, length), settings);
            var best = TensorPrimitives.IndexOfMax(scores); // the first of equal maxima, as a plain scan would pick

            total += scores[best];
            tokenScores[length] = scores[best];
            sequence[length++] = best;
            onToken?.Invoke(best);
            if (best == settings.EosTokenId)
            {
                break;
            }
        }

        return new SearchResult(sequence[..length], tokenScores[..length], total, steps);
    }
}
