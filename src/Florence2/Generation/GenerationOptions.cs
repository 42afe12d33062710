namespace Florence2;

/// <summary>
/// Per-call overrides of the generation settings. A null property keeps the model's default (from
/// <c>generation_config.json</c>, else <c>config.json</c>). Immutable; safe to share between threads.
/// </summary>
public sealed record GenerationOptions
{
    /// <summary>Number of beams; 1 is greedy decoding, at most <see cref="GenerationSettings.MaxNumBeams"/>. The real models default to 3.</summary>
    public int? NumBeams { get; init; }

    /// <summary>Largest number of tokens generated after the decoder start token (the official examples use 1024).</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>Exponent of the length in the beam score (score = sum of log-probabilities / length^penalty).</summary>
    public double? LengthPenalty { get; init; }

    /// <summary>When beam search stops.</summary>
    public BeamStopping? EarlyStopping { get; init; }

    /// <summary>Which transformers release's stopping test beam search follows; see <see cref="Florence2.BeamStoppingRule"/>.</summary>
    public BeamStoppingRule? BeamStoppingRule { get; init; }

    /// <summary>No n-gram of this size may occur twice in the output; 0 turns the rule off.</summary>
    public int? NoRepeatNgramSize { get; init; }
}
