namespace Florence2.Cli;

/// <summary>What a parsed command line asks for: the command, its images, the model and its options.</summary>
internal sealed record CliInvocation
{
    public required CliCommand Command { get; init; }

    /// <summary>The command's name as typed (for messages).</summary>
    public required string Name { get; init; }

    public required IReadOnlyList<string> Images { get; init; }

    public required string Model { get; init; }

    public required string Revision { get; init; }

    public required Florence2ModelOptions ModelOptions { get; init; }

    public int? NumBeams { get; init; }

    public int? MaxNewTokens { get; init; }

    public float MinimumScore { get; init; }

    public bool Json { get; init; }

    public string? AnnotatePath { get; init; }

    public CaptionDetail Detail { get; init; }

    public bool OcrRegions { get; init; }

    /// <summary>The free text of the command: --caption, --expression, --name or --text.</summary>
    public string? Text { get; init; }

    public BoundingBox? Region { get; init; }

    public RegionQuestion Question { get; init; }

    public string Task { get; init; } = "";

    public AnswerKind? Kind { get; init; }
}
