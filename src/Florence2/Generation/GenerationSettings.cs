namespace Florence2;

/// <summary>
/// The complete, validated settings of one generation: the model's defaults with the caller's
/// <see cref="GenerationOptions"/> applied. Immutable.
/// </summary>
public sealed record GenerationSettings
{
    /// <summary>
    /// Largest accepted <see cref="NumBeams"/>. Every beam is a row of the decoder's batch and of its key/value cache,
    /// so memory grows with the count; the released models use 3, and more than a few dozen beams do not change
    /// Florence-2's answers.
    /// </summary>
    public const int MaxNumBeams = 64;

    /// <summary>Number of beams (1 = greedy).</summary>
    public required int NumBeams { get; init; }

    /// <summary>Largest number of tokens generated after the decoder start token.</summary>
    public required int MaxNewTokens { get; init; }

    /// <summary>Exponent of the length in the beam score.</summary>
    public required double LengthPenalty { get; init; }

    /// <summary>When beam search stops.</summary>
    public required BeamStopping EarlyStopping { get; init; }

    /// <summary>
    /// Which transformers release's stopping test beam search follows; <see cref="BeamStoppingRule.Transformers448"/>
    /// (the rule Florence-2 was published with) unless set. No model configuration key sets it.
    /// </summary>
    public BeamStoppingRule BeamStoppingRule { get; init; }

    /// <summary>Size of the n-grams that may not repeat; 0 = off.</summary>
    public required int NoRepeatNgramSize { get; init; }

    /// <summary>First decoder token (<c>&lt;/s&gt;</c> = 2 in Florence-2).</summary>
    public required int DecoderStartTokenId { get; init; }

    /// <summary>Token forced at the second position (<c>&lt;s&gt;</c> = 0), or null for none.</summary>
    public required int? ForcedBosTokenId { get; init; }

    /// <summary>Token forced at the last allowed position (<c>&lt;/s&gt;</c> = 2), or null for none.</summary>
    public required int? ForcedEosTokenId { get; init; }

    /// <summary>Token that ends a sequence (<c>&lt;/s&gt;</c> = 2).</summary>
    public required int EosTokenId { get; init; }

    /// <summary>Total decoder length limit: the start token plus <see cref="MaxNewTokens"/>.</summary>
    public int MaxLength => MaxNewTokens + 1;

    /// <summary>Returns these settings with the non-null overrides applied, validated.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An override is out of its range; the message names it.</exception>
    public GenerationSettings With(GenerationOptions? options)
    {
        var merged = options is null ? this : this with
        {
            NumBeams = options.NumBeams ?? NumBeams,
            MaxNewTokens = options.MaxNewTokens ?? MaxNewTokens,
            LengthPenalty = options.LengthPenalty ?? LengthPenalty,
            EarlyStopping = options.EarlyStopping ?? EarlyStopping,
            BeamStoppingRule = options.BeamStoppingRule ?? BeamStoppingRule,
            NoRepeatNgramSize = options.NoRepeatNgramSize ?? NoRepeatNgramSize,
        };
        merged.Validate();
        return merged;
    }

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (NumBeams < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumBeams), NumBeams, "NumBeams must be 1 (greedy) or more.");
        }

        if (NumBeams > MaxNumBeams)
        {
            throw new ArgumentOutOfRangeException(nameof(NumBeams), NumBeams, $"NumBeams must be at most {MaxNumBeams} (GenerationSettings.MaxNumBeams).");
        }

        if (MaxNewTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "MaxNewTokens must be at least 1.");
        }

        if (NoRepeatNgramSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(NoRepeatNgramSize), NoRepeatNgramSize, "NoRepeatNgramSize must be 0 (off) or more.");
        }

        if (double.IsNaN(LengthPenalty) || double.IsInfinity(LengthPenalty))
        {
            throw new ArgumentOutOfRangeException(nameof(LengthPenalty), LengthPenalty, "LengthPenalty must be a finite number.");
        }

        if (!Enum.IsDefined(EarlyStopping))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStopping), EarlyStopping, "Unknown BeamStopping value.");
        }

        if (!Enum.IsDefined(BeamStoppingRule))
        {
            throw new ArgumentOutOfRangeException(nameof(BeamStoppingRule), BeamStoppingRule,
                "Unknown BeamStoppingRule value; use Transformers448 (the default) or Transformers449.");
        }
    }
}
