using System.Globalization;

namespace Florence2.Tasks;

/// <summary>Checks a pixel region against the image and turns it into the four location tokens of a region prompt.</summary>
internal static class RegionPrompt
{
    /// <summary>The tasks whose text input is a region's four location tokens.</summary>
    public static readonly IReadOnlySet<string> RegionTasks = new HashSet<string>(StringComparer.Ordinal)
    {
        TaskTokens.RegionToSegmentation, TaskTokens.RegionToCategory, TaskTokens.RegionToDescription, TaskTokens.RegionToOcr,
    };

    /// <summary>Fails fast on what can be checked without the image size.</summary>
    public static void ValidateShape(BoundingBox region)
    {
        if (!float.IsFinite(region.X1) || !float.IsFinite(region.Y1) || !float.IsFinite(region.X2) || !float.IsFinite(region.Y2))
        {
            throw new InvalidRegionException(region, RegionProblem.NotFinite, $"Region {Describe(region)} has a coordinate that is not a finite number.");
        }

        if (region.X2 < region.X1 || region.Y2 < region.Y1)
        {
            throw new InvalidRegionException(region, RegionProblem.Inverted,
                $"Region {Describe(region)} is inverted: X2 must be ≥ X1 and Y2 ≥ Y1 (pixels, top-left origin).");
        }

        if (region.X2 == region.X1 || region.Y2 == region.Y1)
        {
            throw new InvalidRegionException(region, RegionProblem.Empty, $"Region {Describe(region)} is empty: it needs a width and a height.");
        }
    }

    /// <summary>Validates the region against the image and returns <c>&lt;loc_x1&gt;&lt;loc_y1&gt;&lt;loc_x2&gt;&lt;loc_y2&gt;</c>.</summary>
    public static string Tokens(BoundingBox region, ImageSize imageSize)
    {
        ValidateShape(region);
        if (region.X1 < 0 || region.Y1 < 0 || region.X2 > imageSize.Width || region.Y2 > imageSize.Height)
        {
            throw new InvalidRegionException(region, RegionProblem.OutsideImage,
                $"Region {Describe(region)} reaches outside the {imageSize.Width}×{imageSize.Height} image; coordinates must lie in [0, width] × [0, height].");
        }

        return LocationBins.RegionTokens(region, imageSize);
    }

    private static string Describe(BoundingBox r) =>
        string.Create(CultureInfo.InvariantCulture, $"({r.X1}, {r.Y1}, {r.X2}, {r.Y2})");
}
