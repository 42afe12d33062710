namespace Florence2.Generation;

/// <summary>
/// The finished hypotheses of one beam search, at most <c>num_beams</c> of them, scored as Hugging Face's
/// <c>BeamHypotheses</c> scores them: sum of log-probabilities / generated length ^ length penalty.
/// </summary>
internal sealed class BeamHypotheses
{
    private readonly List<(double Score, long[] Tokens, float[] TokenLogProbs)> _kept = [];
    private readonly int _numBeams;
    private readonly double _lengthPenalty;
    private readonly BeamStopping _stopping;
    private readonly int _maxGeneratedLength;
    private double _worstScore = 1e9;

    public BeamHypotheses(GenerationSettings settings)
    {
        _numBeams = settings.NumBeams;
        _lengthPenalty = settings.LengthPenalty;
        _stopping = settings.EarlyStopping;
        _maxGeneratedLength = settings.MaxNewTokens;
    }

    /// <summary>Offers a hypothesis; <paramref name="generatedLength"/> excludes the decoder start token.</summary>
    public void Add(long[] tokens, float[] tokenLogProbs, double sumLogProbs, int generatedLength)
    {
        var score = sumLogProbs / Math.Pow(generatedLength, _lengthPenalty);
        if (_kept.Count < _numBeams || score > _worstScore)
        {
            _kept.Add((score, tokens, tokenLogProbs));
            if (_kept.Count > _numBeams)
            {
                // Drop the worst (the earliest among equals, as a stable sort would).
                var worst = 0;
                for (var i = 1; i < _kept.Count; i++)
                {
                    if (_kept[i].Score < _kept[worst].Score)
                    {
                        worst = i;
                    }
                }

                _kept.RemoveAt(worst);
                _worstScore = double.MaxValue;
                foreach (var kept in _kept)
                {
                    _worstScore = Math.Min(_worstScore, kept.Score);
                }
            }
            else
            {
                _worstScore = Math.Min(score, _worstScore);
            }
        }
    }

    /// <summary>
    /// Whether no running beam can still improve the kept set. <paramref name="bestRunningSum"/> is the summed
    /// log-probability the rule takes as the best still possible (<see cref="BeamStoppingRule"/>: this step's best
    /// candidate, or its best continuing one), <paramref name="generatedLength"/> that candidate's generated length.
    /// </summary>
    public bool IsDone(double bestRunningSum, int generatedLength)
    {
        if (_kept.Count < _numBeams)
        {
            return false;
        }

        switch (_stopping)
        {
            case BeamStopping.WhenBeamsFinished:
                return true;
            case BeamStopping.Heuristic:
                return _worstScore >= bestRunningSum / Math.Pow(generatedLength, _lengthPenalty);
            default:
                var length = _lengthPenalty > 0 ? _maxGeneratedLength : generatedLength;
                return _worstScore >= bestRunningSum / Math.Pow(length, _lengthPenalty);
        }
    }

    /// <summary>The best hypothesis; among equal scores the one added last (as Python's sorted + pop picks it).</summary>
    public (double Score, long[] Tokens, float[] TokenLogProbs) Best()
    {
        var best = 0;
        for (var i = 1; i < _kept.Count; i++)
        {
            if (_kept[i].Score >= _kept[best].Score)
            {
                best = i;
            }
        }

        return _kept[best];
    }
}
