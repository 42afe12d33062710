namespace Florence2.Tests.Generation;

/// <summary>
/// Test oracle: greedy and beam search written plainly (lists, full sorts, recomputation from scratch) after
/// Hugging Face's documented rules, independent of the library's search code.
/// </summary>
internal static class PlainBeamSearch
{
    /// <param name="Forced">Whether BOS is forced at the second position and EOS at the last (Florence-2's configs: yes).</param>
    /// <param name="BestRunning">
    /// transformers 4.49+: the stopping test takes the best continuing candidate (the first running beam) as the best
    /// still possible; false: 4.48 and earlier, the best candidate of the step, EOS included.
    /// </param>
    public sealed record Settings(int NumBeams, int MaxNewTokens, double LengthPenalty, string EarlyStopping, int NoRepeat, int Start = 2, int Bos = 0, int Eos = 2,
        bool Forced = true, bool BestRunning = false)
    {
        public int MaxLength => MaxNewTokens + 1;
    }

    /// <summary>Log-probabilities of the next token with the n-gram ban and forced BOS/EOS applied.</summary>
    public static double[] Scores(float[] logits, List<long> sequence, Settings s)
    {
        var max = logits.Max();
        var logSum = max + Math.Log(logits.Sum(x => Math.Exp(x - max)));
        var scores = logits.Select(x => (double)(float)(x - (float)logSum)).ToArray();
        var n = s.NoRepeat;
        if (n > 0 && sequence.Count + 1 >= n)
        {
            var tail = sequence.Skip(sequence.Count - (n - 1)).ToList();
            for (var i = 0; i + n <= sequence.Count; i++)
            {
                if (sequence.Skip(i).Take(n - 1).SequenceEqual(tail))
                {
                    scores[sequence[i + n - 1]] = double.NegativeInfinity;
                }
            }
        }

        if (s.Forced && sequence.Count == 1)
        {
            Force(scores, s.Bos);
        }

        if (s.Forced && sequence.Count == s.MaxLength - 1)
        {
            Force(scores, s.Eos);
        }

        return scores;
    }

    public static List<long> Greedy(Func<List<long>, float[]> nextLogits, Settings s) => GreedyWithScores(nextLogits, s).Tokens;

    public static (List<long> Tokens, List<double> TokenScores) GreedyWithScores(Func<List<long>, float[]> nextLogits, Settings s)
    {
        var sequence = new List<long> { s.Start };
        var tokenScores = new List<double> { 0 };
        while (sequence.Count < s.MaxLength)
        {
            var scores = Scores(nextLogits(sequence), sequence, s);
            var best = Array.IndexOf(scores, scores.Max());
            sequence.Add(best);
            tokenScores.Add(scores[best]);
            if (best == s.Eos)
            {
                break;
            }
        }

        return (sequence, tokenScores);
    }

    public static (List<long> Tokens, double Score, List<double> TokenScores) Beam(Func<List<long>, float[]> nextLogits, Settings s)
    {
        var beams = Enumerable.Range(0, s.NumBeams)
            .Select(b => (Tokens: new List<long> { s.Start }, Score: b == 0 ? 0f : -1e9f, TokenScores: new List<double> { 0 })).ToList();
        var finished = new List<(double Score, List<long> Tokens, List<double> TokenScores)>();
        var done = false;
        while (true)
        {
            // Every (beam, token) continuation, best first; equal scores in (beam, token) order.
            var candidates = new List<(float Score, int Beam, int Token, double TokenScore)>();
            for (var b = 0; b < beams.Count; b++)
            {
                var scores = Scores(nextLogits(beams[b].Tokens), beams[b].Tokens, s);
                for (var t = 0; t < scores.Length; t++)
                {
                    candidates.Add(((float)((float)scores[t] + beams[b].Score), b, t, scores[t]));
                }
            }

            var ranked = candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Score).ThenBy(x => x.i)
                .Take(2 * s.NumBeams).Select(x => x.c).ToList();
            var next = new List<(List<long> Tokens, float Score, List<double> TokenScores)>();
            var length = beams[0].Tokens.Count;
            for (var rank = 0; rank < ranked.Count && next.Count < s.NumBeams; rank++)
            {
                var c = ranked[rank];
                if (c.Token == s.Eos)
                {
                    if (rank < s.NumBeams)
                    {
                        Offer(finished, beams[c.Beam].Tokens.Append(c.Token).ToList(), beams[c.Beam].TokenScores.Append(c.TokenScore).ToList(),
                            c.Score / Math.Pow(length, s.LengthPenalty), s.NumBeams);
                    }
                }
                else
                {
                    next.Add((beams[c.Beam].Tokens.Append(c.Token).ToList(), c.Score, beams[c.Beam].TokenScores.Append(c.TokenScore).ToList()));
                }
            }

            if (finished.Count >= s.NumBeams)
            {
                var worst = finished.Min(f => f.Score);
                var best = s.BestRunning ? next[0].Score : ranked[0].Score;
                done = s.EarlyStopping switch
                {
                    "true" => true,
                    "false" => worst >= best / Math.Pow(length, s.LengthPenalty),
                    _ => worst >= best / Math.Pow(s.LengthPenalty > 0 ? s.MaxNewTokens : length, s.LengthPenalty),
                };
            }

            beams = next;
            if (done || beams[0].Tokens.Count >= s.MaxLength)
            {
                break;
            }
        }

        if (!done)
        {
            foreach (var beam in beams)
            {
                Offer(finished, beam.Tokens, beam.TokenScores, beam.Score / Math.Pow(beam.Tokens.Count - 1, s.LengthPenalty), s.NumBeams);
            }
        }

        // Python: sorted by score (stable) and pop() -> the last among the best.
        var top = finished.Select((f, i) => (f, i)).OrderBy(x => x.f.Score).ThenBy(x => x.i).Last().f;
        // Hypotheses that ended in EOS carry it already; the ones cut at the limit get none.
        return (top.Tokens, top.Score, top.TokenScores);
    }

    private static void Offer(List<(double Score, List<long> Tokens, List<double> TokenScores)> finished, List<long> tokens, List<double> tokenScores, double score, int capacity)
    {
        var worst = finished.Count == 0 ? double.MaxValue : finished.Min(f => f.Score);
        if (finished.Count < capacity || score > worst)
        {
            finished.Add((score, tokens, tokenScores));
            if (finished.Count > capacity)
            {
                var drop = finished.Select((f, i) => (f, i)).OrderBy(x => x.f.Score).ThenBy(x => x.i).First().i;
                finished.RemoveAt(drop);
            }
        }
    }

    private static void Force(double[] scores, int token)
    {
        Array.Fill(scores, double.NegativeInfinity);
        scores[token] = 0;
    }
}
