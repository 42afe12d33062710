namespace Florence2;

/// <summary>Per-call options of the typed task methods. Immutable; safe to share.</summary>
public sealed record TaskOptions
{
    /// <summary>Overrides of the generation settings (beams, token limit, ...); null keeps the model's defaults.</summary>
    public GenerationOptions? Generation { get; init; }

    /// <summary>
    /// Drops boxes, quads and polygons whose <c>Score</c> is below this value (0 to 1; 0 keeps everything). See
    /// docs/tasks.md for what the score means.
    /// </summary>
    public float MinimumScore { get; init; }

    internal void Validate()
    {
        if (!(MinimumScore >= 0f && MinimumScore <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumScore), MinimumScore, "MinimumScore must be between 0 and 1.");
        }
    }
}
