namespace Florence2.Generation;

/// <summary>
/// Greedy decoding of several independent sequences as the rows of one decoder batch. Each row picks its own
/// best token each step exactly as <see cref="GreedySearch"/> does for one row; a row that has produced EOS is
/// fed EOS again (its logits are ignored) until every row has finished or the length limit is reached. Rows never
/// see each other (each attends only to its own encoder output and cache), so every row's result is the
/// single-row result.
/// </summary>
internal static class BatchGreedySearch
{
    public static SearchResult[] Run(IStepDecoder decoder, int rows, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var vocabulary = decoder.VocabularySize;
        var maxLength = settings.MaxLength;
        var sequences = new long[rows][];
        var tokenScores = new float[rows][];
        var totals = new double[rows];
        var finished = new bool[rows];
        var feed = new long[rows];
        var scores = new float[vocabulary];
        for (var r = 0; r < rows; r++)
        {
            sequences[r] = new long[maxLength];
            tokenScores[r] = new float[maxLength];
            sequences[r][0] = settings.DecoderStartTokenId;
        }

        // All unfinished rows have the same length: they start together and grow by one token per step.
        var length = 1;
        var lengths = new int[rows];
        var running = rows;
        while (running > 0 && length < maxLength)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var r = 0; r < rows; r++)
            {
                feed[r] = finished[r] ? settings.EosTokenId : sequences[r][length - 1];
            }

            var logits = decoder.Step(feed, cancellationToken);
            for (var r = 0; r < rows; r++)
            {
                if (finished[r])
                {
                    continue;
                }

                LogitsProcessing.Apply(logits.Slice(r * vocabulary, vocabulary), scores, sequences[r].AsSpan(0, length), settings);
                var best = 0;
                for (var i = 1; i < vocabulary; i++)
                {
                    if (scores[i] > scores[best])
                    {
                        best = i;
                    }
                }

                totals[r] += scores[best];
                tokenScores[r][length] = scores[best];
                sequences[r][length] = best;
                if (best == settings.EosTokenId)
                {
                    finished[r] = true;
                    lengths[r] = length + 1;
                    running--;
                }
            }

            length++;
        }

        var results = new SearchResult[rows];
        for (var r = 0; r < rows; r++)
        {
            var rowLength = finished[r] ? lengths[r] : length;
            // One decoder step per generated token, as for a single row.
            results[r] = new SearchResult(sequences[r][..rowLength], tokenScores[r][..rowLength], totals[r], rowLength - 1);
        }

        return results;
    }
}
