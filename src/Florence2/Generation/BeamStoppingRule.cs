namespace Florence2;

/// <summary>
/// Which transformers release's beam-stopping test to follow with <see cref="BeamStopping.Heuristic"/> and
/// <see cref="BeamStopping.Never"/>. Both divide a "best possible running score" by a length and stop once the
/// worst kept hypothesis is at least that good; they differ in which score is taken as the best possible.
/// See docs/generation.md, "When beam search stops".
/// </summary>
public enum BeamStoppingRule
{
    /// <summary>
    /// transformers 4.48 and earlier (<c>BeamHypotheses.is_done</c>), which Florence-2's remote code was published
    /// with: the best of this step's ranked candidates, including one that ends with EOS. The default.
    /// </summary>
    Transformers448 = 0,

    /// <summary>
    /// transformers 4.49 and later (<c>_check_early_stop_heuristic</c>): the best candidate that continues, that
    /// is the best running beam after this step; candidates that end with EOS are left out. It never stops later than
    /// <see cref="Transformers448"/> and sometimes stops one or more steps earlier, with a different answer.
    /// </summary>
    Transformers449,
}
