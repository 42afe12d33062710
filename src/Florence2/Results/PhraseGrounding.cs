
namespace Florence2;

/// <summary>A phrase of the caption and the boxes it was grounded to.</summary>
/// <param name="Phrase">The phrase as generated.</param>
/// <param name="Boxes">One or more boxes, in pixel coordinates of the original image.</param>
/// <param name="Scores">One score per box (same order): exp(mean log-probability) of its location tokens, in [0, 1].</param>
public sealed record PhraseGrounding(string Phrase, IReadOnlyList<BoundingBox> Boxes, IReadOnlyList<float> Scores)
{
    /// <summary>The phrase as generated.</summary>
    public string Phrase { get; init; } = Phrase ?? throw new ArgumentNullException(nameof(Phrase));

    /// <summary>One or more boxes, in pixel coordinates of the original image.</summary>
    public IReadOnlyList<BoundingBox> Boxes { get; } = ReadOnlyCopy.Of(Boxes, nameof(Boxes));

    /// <summary>One score per box, in the order of <see cref="Boxes"/>.</summary>
    public IReadOnlyList<float> Scores { get; } = CheckedScores(Scores, Boxes, nameof(Scores));

    private static IReadOnlyList<float> CheckedScores(IReadOnlyList<float> scores, IReadOnlyList<BoundingBox> boxes, string parameterName)
    {
        var copy = ReadOnlyCopy.Of(scores, parameterName);
        if (boxes is not null && copy.Count != boxes.Count)
        {
            throw new ArgumentException($"Each box needs one score, but there are {boxes.Count} boxes and {copy.Count} scores.", parameterName);
        }

        return copy;
    }
}
