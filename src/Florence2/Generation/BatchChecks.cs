namespace Florence2.Generation;

/// <summary>The argument checks every <see cref="ITextDecoder.GenerateBatch"/> implementation shares.</summary>
internal static class BatchChecks
{
    /// <exception cref="ArgumentException">No images, a null entry, token counts that differ, or more than one beam.</exception>
    public static void Validate(IReadOnlyList<ImageFeatures> imageFeatures, GenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(imageFeatures);
        ArgumentNullException.ThrowIfNull(settings);
        if (imageFeatures.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one image.", nameof(imageFeatures));
        }

        if (settings.NumBeams != 1)
        {
            throw new ArgumentException($"Batched generation is greedy (NumBeams = 1); got NumBeams = {settings.NumBeams}. Decode beams one image at a time.",
                nameof(settings));
        }

        for (var i = 0; i < imageFeatures.Count; i++)
        {
            if (imageFeatures[i] is null)
            {
                throw new ArgumentException($"Image features {i} are null.", nameof(imageFeatures));
            }

            if (imageFeatures[i].TokenCount != imageFeatures[0].TokenCount || imageFeatures[i].Dimension != imageFeatures[0].Dimension)
            {
                throw new ArgumentException(
                    $"Batched images need the same feature shape: image 0 has {imageFeatures[0].TokenCount} × {imageFeatures[0].Dimension}, "
                    + $"image {i} has {imageFeatures[i].TokenCount} × {imageFeatures[i].Dimension}.", nameof(imageFeatures));
            }
        }
    }
}
