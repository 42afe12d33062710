namespace Florence2;

/// <summary>The facts of a loaded model that callers may need: where it came from, its defaults and limits, and where it runs. Immutable.</summary>
public sealed record Florence2ModelInfo
{
    /// <summary>The model's name in telemetry and logs: the Hub id it was downloaded by, else its folder's name.</summary>
    public string ModelId { get; init; } = string.Empty;

    /// <summary>The model folder (the Hub snapshot folder for a model loaded by id).</summary>
    public required string Directory { get; init; }

    /// <summary>The generation defaults from the model's configuration files; per-call options apply on top.</summary>
    public required GenerationSettings DefaultGenerationSettings { get; init; }

    /// <summary>
    /// Positions of the model's learned position tables (<c>max_position_embeddings</c>): image tokens plus prompt tokens,
    /// and the decoder's start token plus new tokens, must each fit.
    /// </summary>
    public required int MaxPositions { get; init; }

    /// <summary>
    /// The execution provider each module's session runs on, after fallback: check it to see whether a GPU was really
    /// used. Empty for a model built from stages of your own (<see cref="Florence2Model.Create"/>).
    /// </summary>
    public IReadOnlyDictionary<ModelModule, ExecutionProviderChoice> ExecutionProviders { get; init; } = new Dictionary<ModelModule, ExecutionProviderChoice>();
}
