using Florence2.Generation;

namespace Florence2.Tests.Generation;

/// <summary>
/// The two beam-stopping tests (issue 15, item 6) on a scripted decoder whose next-token probabilities are chosen
/// so that the rules part ways at the second step: transformers 4.48 keeps searching and finds a better, longer
/// answer; 4.49 stops one step earlier with the shorter one.
/// </summary>
public sealed class BeamStoppingRuleTests
{
    private const int Eos = 2;
    private const int A = 3;
    private const int B = 4;
    private const int C = 5;
    private const int D = 6;
    private const int F = 7;
    private const int Vocabulary = 8;

    // Two beams, length penalty 1, early_stopping = false; no forced BOS/EOS, so the script alone decides.
    private static readonly GenerationSettings Settings = new()
    {
        NumBeams = 2, MaxNewTokens = 10, LengthPenalty = 1, EarlyStopping = BeamStopping.Heuristic, NoRepeatNgramSize = 0,
        DecoderStartTokenId = Eos, ForcedBosTokenId = null, ForcedEosTokenId = null, EosTokenId = Eos,
    };

    // Hypothesis score = sum of log-probabilities / generated tokens (EOS counted, the start token not).
    //
    // Step 1, after [</s>]: EOS 0.449, A 0.30, B 0.25.
    //   EOS ranks first -> hypothesis [</s> </s>] = ln 0.449 / 1 = -0.801; beams A (-1.204) and B (-1.386).
    // Step 2: A -> EOS 0.744, D 0.25; B -> C 0.7, D 0.11, EOS 0.1, F 0.089.
    //   A EOS = -1.204 + ln 0.744 = -1.500 ranks first -> hypothesis [</s> A </s>] = -1.500 / 2 = -0.750.
    //   B C = -1.386 + ln 0.7 = -1.743 is the best continuing candidate.
    //   Two hypotheses are kept; the worst is -0.801.
    //   4.48: best candidate -1.500 / 2 = -0.750 > -0.801, so a better hypothesis is still thought possible: go on.
    //   4.49: best running beam -1.743 / 2 = -0.872 <= -0.801: stop. Answer [</s> A </s>] (-0.750).
    // Step 3 (4.48 only): B C -> EOS 0.95: -1.743 + ln 0.95 = -1.794 -> [</s> B C </s>] = -1.794 / 3 = -0.598, the best.
    //   Kept: -0.750 and -0.598. The best candidate now ends [</s> B C </s>] too (-0.598), so 4.48 goes on once more.
    // Step 4: the best candidate / 4 = -1.684 <= -0.750: stop. 4.48 answers [</s> B C </s>] (-0.598).
    private static double[] Probabilities(IReadOnlyList<long> prefix)
    {
        var chosen = prefix switch
        {
            [Eos] => new Dictionary<int, double> { [Eos] = 0.449, [A] = 0.30, [B] = 0.25 },
            [Eos, A] => new Dictionary<int, double> { [Eos] = 0.744, [D] = 0.25 },
            [Eos, B] => new Dictionary<int, double> { [C] = 0.7, [D] = 0.11, [Eos] = 0.1, [F] = 0.089 },
            _ => new Dictionary<int, double> { [Eos] = 0.95 },
        };

        // What is left is shared by the other tokens, so every row is a distribution and every token finite.
        var rest = (1 - chosen.Values.Sum()) / (Vocabulary - chosen.Count);
        return Enumerable.Range(0, Vocabulary).Select(t => chosen.TryGetValue(t, out var p) ? p : rest).ToArray();
    }

    private static float[] Logits(List<long> prefix) => Probabilities(prefix).Select(p => (float)Math.Log(p)).ToArray();

    [Fact]
    public void The_default_rule_is_the_one_of_transformers_4_48()
    {
        Assert.Equal(BeamStoppingRule.Transformers448, Settings.BeamStoppingRule);
        Assert.Equal(BeamStoppingRule.Transformers448, default(BeamStoppingRule));
    }

    [Fact]
    public void The_4_48_rule_searches_on_and_finds_the_longer_better_answer()
    {
        var result = Run(Settings);

        Assert.Equal(new long[] { Eos, B, C, Eos }, result.Tokens);
        Assert.Equal((Math.Log(0.25) + Math.Log(0.7) + Math.Log(0.95)) / 3, result.Score, 4);
        Assert.Equal(Oracle(bestRunning: false), result.Tokens);
    }

    [Fact]
    public void The_4_49_rule_stops_a_step_earlier_with_the_shorter_answer()
    {
        var result = Run(Settings.With(new GenerationOptions { BeamStoppingRule = BeamStoppingRule.Transformers449 }));

        Assert.Equal(new long[] { Eos, A, Eos }, result.Tokens);
        Assert.Equal((Math.Log(0.30) + Math.Log(0.744)) / 2, result.Score, 4);
        Assert.Equal(Oracle(bestRunning: true), result.Tokens);
        Assert.Equal(2, result.Steps);
    }

    [Theory]
    [InlineData(BeamStopping.WhenBeamsFinished)]
    [InlineData(BeamStopping.Never)]
    public void Each_rule_matches_the_plain_search_for_the_other_stopping_modes(BeamStopping stopping)
    {
        foreach (var rule in new[] { BeamStoppingRule.Transformers448, BeamStoppingRule.Transformers449 })
        {
            var settings = Settings with { EarlyStopping = stopping, BeamStoppingRule = rule };
            var plain = new PlainBeamSearch.Settings(2, Settings.MaxNewTokens, 1, stopping == BeamStopping.Never ? "never" : "true", 0,
                Forced: false, BestRunning: rule == BeamStoppingRule.Transformers449);

            Assert.Equal(PlainBeamSearch.Beam(Logits, plain).Tokens, Run(settings).Tokens);
        }
    }

    [Fact]
    public void An_unknown_rule_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Settings.With(new GenerationOptions { BeamStoppingRule = (BeamStoppingRule)7 }));
        Assert.Equal("BeamStoppingRule", e.ParamName);
    }

    private static SearchResult Run(GenerationSettings settings)
    {
        using var decoder = new ScriptedStepDecoder(settings.NumBeams);
        return BeamSearch.Run(decoder, settings, CancellationToken.None);
    }

    private static List<long> Oracle(bool bestRunning) =>
        PlainBeamSearch.Beam(Logits, new PlainBeamSearch.Settings(2, Settings.MaxNewTokens, 1, "false", 0, Forced: false, BestRunning: bestRunning)).Tokens;

    /// <summary>Keeps each row's tokens and answers with <see cref="Logits"/> of that prefix.</summary>
    private sealed class ScriptedStepDecoder(int rows) : IStepDecoder
    {
        private List<long>[] _prefixes = Enumerable.Range(0, rows).Select(_ => new List<long>()).ToArray();
        private readonly float[] _logits = new float[rows * Vocabulary];

        public int VocabularySize => Vocabulary;

        public ReadOnlySpan<float> Step(ReadOnlySpan<long> tokens, CancellationToken cancellationToken)
        {
            for (var r = 0; r < rows; r++)
            {
                _prefixes[r].Add(tokens[r]);
                Logits(_prefixes[r]).CopyTo(_logits, r * Vocabulary);
            }

            return _logits;
        }

        public void ReorderRows(ReadOnlySpan<int> sources)
        {
            var next = new List<long>[rows];
            for (var r = 0; r < rows; r++)
            {
                next[r] = [.. _prefixes[sources[r]]];
            }

            _prefixes = next;
        }

        public void Dispose()
        {
        }
    }
}
