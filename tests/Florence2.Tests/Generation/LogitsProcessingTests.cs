using Florence2.Generation;

namespace Florence2.Tests.Generation;

public sealed class LogitsProcessingTests
{
    private static GenerationSettings Settings(int noRepeat = 3, int maxNewTokens = 10) => new()
    {
        NumBeams = 1, MaxNewTokens = maxNewTokens, LengthPenalty = 1, EarlyStopping = BeamStopping.WhenBeamsFinished,
        NoRepeatNgramSize = noRepeat, DecoderStartTokenId = 2, ForcedBosTokenId = 0, ForcedEosTokenId = 2, EosTokenId = 2,
    };

    [Fact]
    public void Log_softmax_matches_the_definition()
    {
        float[] logits = [1f, 2f, 3f, -1f];
        var scores = new float[4];

        LogitsProcessing.LogSoftmax(logits, scores);

        var z = logits.Sum(x => Math.Exp(x));
        for (var i = 0; i < logits.Length; i++)
        {
            Assert.Equal(logits[i] - Math.Log(z), scores[i], 5);
        }
    }

    [Fact]
    public void A_trigram_that_already_occurred_cannot_be_completed_again()
    {
        // Sequence 2 0 5 6 7 5 6: the last two tokens (5, 6) were followed by 7 before, so 7 is banned.
        var scores = new float[10];

        LogitsProcessing.BanRepeatedNgrams(scores, [2, 0, 5, 6, 7, 5, 6], 3);

        Assert.Equal(float.NegativeInfinity, scores[7]);
        Assert.Equal(1, scores.Count(float.IsNegativeInfinity));
    }

    [Fact]
    public void The_ngram_ban_counts_the_decoder_start_token()
    {
        // (2, 0) occurred at the start followed by 4; at "… 2 0" the next 4 is banned.
        var scores = new float[10];

        LogitsProcessing.BanRepeatedNgrams(scores, [2, 0, 4, 2, 0], 3);

        Assert.Equal(float.NegativeInfinity, scores[4]);
    }

    [Fact]
    public void Nothing_is_banned_before_a_full_ngram_fits()
    {
        var scores = new float[10];

        LogitsProcessing.BanRepeatedNgrams(scores, [2], 3);

        Assert.DoesNotContain(scores, float.IsNegativeInfinity);
    }

    [Fact]
    public void Bos_is_forced_at_the_second_position_and_eos_at_the_last()
    {
        var logits = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var scores = new float[10];
        var settings = Settings(noRepeat: 0, maxNewTokens: 4); // max_length 5

        LogitsProcessing.Apply(logits, scores, [2], settings);
        Assert.Equal(0f, scores[0]);
        Assert.Equal(9, scores.Count(float.IsNegativeInfinity));

        LogitsProcessing.Apply(logits, scores, [2, 0, 5, 6], settings);
        Assert.Equal(0f, scores[2]);
        Assert.Equal(9, scores.Count(float.IsNegativeInfinity));

        LogitsProcessing.Apply(logits, scores, [2, 0, 5], settings);
        Assert.DoesNotContain(scores, float.IsNegativeInfinity);
    }

    [Fact]
    public void Top_k_returns_the_largest_values_best_first_with_ties_in_index_order()
    {
        float[] scores = [0.5f, 3f, 1f, 3f, float.NegativeInfinity, 2f];
        var indices = new int[4];
        var values = new float[4];

        BeamSearch.TopK(scores, indices, values);

        Assert.Equal([1, 3, 5, 2], indices);
        Assert.Equal([3f, 3f, 2f, 1f], values);
    }

    [Fact]
    public void Row_permutation_moves_rows_and_handles_duplicated_sources()
    {
        byte[] data = [10, 11, 20, 21, 30, 31];

        RowPermutation.Apply(data, [2, 0, 0]);

        Assert.Equal([30, 31, 10, 11, 10, 11], data);
    }

    [Fact]
    public void Settings_reject_out_of_range_overrides_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Settings().With(new GenerationOptions { NumBeams = 0 }));
        Assert.Equal("NumBeams", e.ParamName);

        e = Assert.Throws<ArgumentOutOfRangeException>(() => Settings().With(new GenerationOptions { MaxNewTokens = 0 }));
        Assert.Equal("MaxNewTokens", e.ParamName);

        e = Assert.Throws<ArgumentOutOfRangeException>(() => Settings().With(new GenerationOptions { LengthPenalty = double.NaN }));
        Assert.Equal("LengthPenalty", e.ParamName);
    }

    [Fact]
    public void Overrides_apply_and_unset_ones_keep_the_defaults()
    {
        var merged = Settings().With(new GenerationOptions { NumBeams = 4 });

        Assert.Equal(4, merged.NumBeams);
        Assert.Equal(3, merged.NoRepeatNgramSize);
        Assert.Equal(11, merged.MaxLength);
    }
}
