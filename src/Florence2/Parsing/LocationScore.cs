namespace Florence2.Parsing;

/// <summary>
/// Accumulates the reference's <c>avg_loc_scores</c>: exp of the mean log-probability of the tokens whose characters
/// overlap an item's location tokens. Each token counts once even when several spans touch it.
/// </summary>
internal struct LocationScore
{
    private double _sum;
    private int _count;
    private int _nextUncountedToken;

    /// <summary>Adds the tokens overlapping characters [<paramref name="start"/>, <paramref name="end"/>) of <see cref="AnswerTokens.Text"/>; spans must come in ascending order.</summary>
    public void Add(AnswerTokens answer, int start, int end)
    {
        int tokenCount = answer.TokenEnds.Count;
        for (int token = Math.Max(answer.FirstTokenEndingAfter(start), _nextUncountedToken); token < tokenCount; token++)
        {
            int tokenStart = answer.TokenStart(token);
            if (tokenStart >= end)
            {
                break;
            }

            // Tokens that decode to nothing cover no character, so they overlap nothing.
            if (answer.TokenEnd(token) > tokenStart)
            {
                _sum += answer.LogProbAt(token);
                _count++;
            }

            _nextUncountedToken = token + 1;
        }
    }

    /// <summary>exp(mean log-probability) clamped to [0, 1]; 1 when no token was added.</summary>
    public readonly float Value => _count == 0 ? 1f : (float)Math.Clamp(Math.Exp(_sum / _count), 0.0, 1.0);
}
