
namespace Florence2;

/// <summary>Result of caption-to-phrase grounding.</summary>
public sealed class GroundingResult : TaskResult
{
    /// <summary>Creates the result from a copy of <paramref name="groundings"/>.</summary>
    /// <param name="groundings">The grounded phrases in generation order.</param>
    /// <param name="rawText">The generated text, special tokens kept.</param>
    /// <param name="imageSize">Size of the original image.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit.</param>
    /// <exception cref="ArgumentNullException">An argument or one of the groundings is null.</exception>
    public GroundingResult(IReadOnlyList<PhraseGrounding> groundings, string rawText, ImageSize imageSize, bool isTruncated)
        : base(rawText, imageSize, isTruncated)
    {
        Groundings = ReadOnlyCopy.Of(groundings, nameof(groundings));
    }

    /// <summary>The grounded phrases in generation order (pronouns and other blacklisted phrases are left out).</summary>
    public IReadOnlyList<PhraseGrounding> Groundings { get; }
}
