namespace Florence2.Generation;

/// <summary>
/// Greedy decoding of several independent sequences as the rows of one decoder batch. Each row picks its own best
/// token each step exactly as <see cref="GreedySearch"/> does for one row, with its own settings (token limit,
/// n-gram ban, forced tokens) and its own callback. A row leaves the batch when it produces EOS, reaches its own
/// length limit, is cancelled, or fails (its logits are not numbers, its callback throws); the decoder then drops
/// its cache rows so the others go on without it. Rows never see each other (each attends only to its own encoder
/// output and cache), so every row's result is the single-row result.
/// </summary>
internal static class BatchGreedySearch
{
    /// <summary>The same settings for every row; the first row that fails makes the whole call fail.</summary>
    public static SearchResult[] Run(IStepDecoder decoder, int rows, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var requests = new GreedyRow[rows];
        for (var r = 0; r < rows; r++)
        {
            requests[r] = new GreedyRow(settings);
        }

        Run(decoder, requests, cancellationToken);
        var results = new SearchResult[rows];
        for (var r = 0; r < rows; r++)
        {
            if (requests[r].Error is { } error)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }

            results[r] = requests[r].Result!;
        }

        return results;
    }

    /// <summary>
    /// Decodes <paramref name="rows"/> (the decoder's rows, in order) and sets each row's <see cref="GreedyRow.Result"/>
    /// or <see cref="GreedyRow.Error"/>. Throws only when the batch itself fails (a decoder run, or
    /// <paramref name="cancellationToken"/>); the rows' outcomes are then not set.
    /// </summary>
    public static void Run(IStepDecoder decoder, IReadOnlyList<GreedyRow> rows, CancellationToken cancellationToken)
    {
        var count = rows.Count;
        var vocabulary = decoder.VocabularySize;
        var eos = rows[0].Settings.EosTokenId;
        var sequences = new long[count][];
        var tokenScores = new float[count][];
        var totals = new double[count];
        var scores = new float[vocabulary];
        for (var r = 0; r < count; r++)
        {
            if (rows[r].Settings.EosTokenId != eos || rows[r].Settings.DecoderStartTokenId != rows[0].Settings.DecoderStartTokenId)
            {
                throw new ArgumentException("Rows of one batch must share the start and end tokens (they come from the model).", nameof(rows));
            }

            sequences[r] = new long[rows[r].Settings.MaxLength];
            tokenScores[r] = new float[rows[r].Settings.MaxLength];
            sequences[r][0] = rows[r].Settings.DecoderStartTokenId;
        }

        // active[i] is the request in decoder row i. Every row starts together and grows by one token per step.
        var active = new List<int>(Enumerable.Range(0, count));
        var kept = new List<int>(count);
        var feed = new long[count];
        var length = 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            kept.Clear();
            for (var i = 0; i < active.Count; i++)
            {
                var row = rows[active[i]];
                if (row.CancellationToken.IsCancellationRequested)
                {
                    row.Error = new OperationCanceledException(row.CancellationToken);
                }
                else if (length >= row.Settings.MaxLength)
                {
                    row.Result = Finish(sequences[active[i]], tokenScores[active[i]], totals[active[i]], length);
                }
                else
                {
                    kept.Add(i);
                }
            }

            if (kept.Count == 0)
            {
                return;
            }

            if (kept.Count < active.Count)
            {
                decoder.KeepRows(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
                for (var i = 0; i < kept.Count; i++)
                {
                    active[i] = active[kept[i]];
                }

                active.RemoveRange(kept.Count, active.Count - kept.Count);
            }

            for (var i = 0; i < active.Count; i++)
            {
                feed[i] = sequences[active[i]][length - 1];
            }

            var logits = decoder.Step(feed.AsSpan(0, active.Count), cancellationToken);
            var stillRunning = 0;
            for (var i = 0; i < active.Count; i++)
            {
                var r = active[i];
                var row = rows[r];
                try
                {
                    LogitsProcessing.Apply(logits.Slice(i * vocabulary, vocabulary), scores, sequences[r].AsSpan(0, length), row.Settings);
                    var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores); // the first of equal maxima, as GreedySearch
                    totals[r] += scores[best];
                    tokenScores[r][length] = scores[best];
                    sequences[r][length] = best;
                    row.OnToken?.Invoke(best);
                    if (best == eos)
                    {
                        row.Result = Finish(sequences[r], tokenScores[r], totals[r], length + 1);
                        continue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || row.CancellationToken.IsCancellationRequested)
                {
                    // A fault of this row alone (its logits, its callback): it leaves; the others are not touched.
                    row.Error = e;
                    continue;
                }

                stillRunning++;
            }

            length++;
            if (stillRunning < active.Count)
            {
                // Finished and failed rows leave before the next step (their outcome is set; the length check below skips them).
                kept.Clear();
                for (var i = 0; i < active.Count; i++)
                {
                    if (rows[active[i]].Result is null && rows[active[i]].Error is null)
                    {
                        kept.Add(i);
                    }
                }

                if (kept.Count == 0)
                {
                    return;
                }

                decoder.KeepRows(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
                for (var i = 0; i < kept.Count; i++)
                {
                    active[i] = active[kept[i]];
                }

                active.RemoveRange(kept.Count, active.Count - kept.Count);
            }
        }
    }

    // One decoder step per generated token, as for a single row.
    private static SearchResult Finish(long[] sequence, float[] tokenScores, double total, int length) =>
        new(sequence[..length], tokenScores[..length], total, length - 1);
}
