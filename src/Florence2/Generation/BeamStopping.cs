namespace Florence2;

/// <summary>
/// When beam search stops, as Hugging Face's <c>early_stopping</c> setting defines it.
/// </summary>
public enum BeamStopping
{
    /// <summary>
    /// <c>early_stopping = false</c>: stop when no running beam can still beat the worst kept hypothesis, estimated
    /// with the current length.
    /// </summary>
    Heuristic = 0,

    /// <summary><c>early_stopping = true</c>: stop as soon as <c>num_beams</c> hypotheses have finished.</summary>
    WhenBeamsFinished,

    /// <summary><c>early_stopping = "never"</c>: stop only when no beam can beat the kept ones at any length.</summary>
    Never,
}
