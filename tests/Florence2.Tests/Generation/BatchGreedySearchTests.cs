using Florence2.Generation;

namespace Florence2.Tests.Generation;

/// <summary>
/// <see cref="BatchGreedySearch"/> over rows with their own settings: each row equals <see cref="GreedySearch"/> on that
/// row alone, finished, failed and cancelled rows leave the decoder's batch, and one row's fault leaves the others.
/// </summary>
public sealed class BatchGreedySearchTests
{
    private const int Vocabulary = 32;

    private static readonly GenerationSettings Settings = new()
    {
        NumBeams = 1, MaxNewTokens = 10, LengthPenalty = 1, EarlyStopping = BeamStopping.Heuristic, NoRepeatNgramSize = 0,
        DecoderStartTokenId = 2, ForcedBosTokenId = 0, ForcedEosTokenId = 2, EosTokenId = 2,
    };

    [Fact]
    public void Rows_with_their_own_limits_equal_single_searches_and_leave_the_batch_when_done()
    {
        // Row identities 0..3: each ends with EOS after its own number of tokens, or at its own token limit.
        var settings = new[] { Settings, Settings with { MaxNewTokens = 3 }, Settings with { NoRepeatNgramSize = 2 }, Settings with { MaxNewTokens = 6 } };
        var rows = new GreedyRow[4];
        var tokens = new List<int>[4];
        for (var i = 0; i < 4; i++)
        {
            var list = tokens[i] = [];
            rows[i] = new GreedyRow(settings[i], list.Add);
        }

        using var batch = new ScriptedDecoder([0, 1, 2, 3]);
        BatchGreedySearch.Run(batch, rows, CancellationToken.None);

        for (var i = 0; i < 4; i++)
        {
            using var alone = new ScriptedDecoder([i]);
            var expected = GreedySearch.Run(alone, settings[i], onToken: null, CancellationToken.None);
            Assert.Null(rows[i].Error);
            Assert.Equal(expected.Tokens, rows[i].Result!.Tokens);
            Assert.Equal(expected.TokenLogProbs, rows[i].Result!.TokenLogProbs);
            Assert.Equal(expected.Steps, rows[i].Result!.Steps);
            Assert.Equal(expected.Tokens.Skip(1).Select(t => (int)t), tokens[i]);
        }

        // Four rows at first; each step after a row ended ran without it.
        Assert.Equal(4, batch.RowsPerStep[0]);
        Assert.Equal(batch.RowsPerStep.OrderDescending(), batch.RowsPerStep);
        Assert.Equal(1, batch.RowsPerStep[^1]);
    }

    [Fact]
    public void A_row_whose_logits_are_not_numbers_fails_alone()
    {
        var rows = Enumerable.Range(0, 3).Select(_ => new GreedyRow(Settings)).ToArray();
        using var batch = new ScriptedDecoder([0, 1, 2], poisoned: 1);

        BatchGreedySearch.Run(batch, rows, CancellationToken.None);

        Assert.IsType<ModelFaultException>(rows[1].Error);
        Assert.Null(rows[1].Result);
        foreach (var i in new[] { 0, 2 })
        {
            using var alone = new ScriptedDecoder([i]);
            Assert.Equal(GreedySearch.Run(alone, Settings, onToken: null, CancellationToken.None).Tokens, rows[i].Result!.Tokens);
        }
    }

    [Fact]
    public void A_cancelled_row_leaves_at_the_next_step_and_the_others_finish()
    {
        using var cancel = new CancellationTokenSource();
        var rows = new[] { new GreedyRow(Settings), new GreedyRow(Settings, t => cancel.Cancel(), cancel.Token), new GreedyRow(Settings) };
        using var batch = new ScriptedDecoder([0, 1, 2]);

        BatchGreedySearch.Run(batch, rows, CancellationToken.None);

        var stopped = Assert.IsType<OperationCanceledException>(rows[1].Error);
        Assert.Equal(cancel.Token, stopped.CancellationToken);
        Assert.Equal([3, 2], batch.RowsPerStep.Take(2));
        using var alone = new ScriptedDecoder([2]);
        Assert.Equal(GreedySearch.Run(alone, Settings, onToken: null, CancellationToken.None).Tokens, rows[2].Result!.Tokens);
    }

    /// <summary>
    /// Each row (by identity, followed through <see cref="KeepRows"/>) favours token 10 + identity + step and EOS after
    /// 2 + 2·identity steps; the poisoned identity returns NaN from its third step.
    /// </summary>
    private sealed class ScriptedDecoder(int[] identities, int poisoned = -1) : IStepDecoder
    {
        private int[] _identities = identities;
        private int _step;

        public List<int> RowsPerStep { get; } = [];

        public int VocabularySize => Vocabulary;

        public ReadOnlySpan<float> Step(ReadOnlySpan<long> tokens, CancellationToken cancellationToken)
        {
            Assert.Equal(_identities.Length, tokens.Length);
            RowsPerStep.Add(tokens.Length);
            var logits = new float[tokens.Length * Vocabulary];
            for (var r = 0; r < tokens.Length; r++)
            {
                var id = _identities[r];
                var row = logits.AsSpan(r * Vocabulary, Vocabulary);
                for (var v = 0; v < Vocabulary; v++)
                {
                    row[v] = ((v * 7) + (id * 3) + _step) % 11 / 10f;
                }

                row[_step >= 2 + (2 * id) ? 2 : 10 + id + (_step % 5)] += 5f;
                if (id == poisoned && _step >= 2)
                {
                    row[4] = float.NaN;
                }
            }

            _step++;
            return logits;
        }

        public void ReorderRows(ReadOnlySpan<int> sources) => throw new InvalidOperationException("Greedy search never reorders.");

        public void KeepRows(ReadOnlySpan<int> rows)
        {
            var kept = new int[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                kept[i] = _identities[rows[i]];
            }

            _identities = kept;
        }

        public void Dispose()
        {
        }
    }
}
