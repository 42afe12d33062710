using System.Globalization;

namespace Florence2;

/// <summary>
/// Florence-2's location tokens: <c>&lt;loc_N&gt;</c> with N in 0..999 is a bin of 1/1000 of the image width (for x)
/// or height (for y), relative to the original image (spec sections 2.3 and 3.1).
/// </summary>
internal static class LocationBins
{
    /// <summary>Number of bins per axis.</summary>
    public const int Count = 1000;

    /// <summary>
    /// The centre of <paramref name="bin"/> in pixels: (bin + 0.5) / 1000 × size, in single precision as written.
    /// Bins outside 0..999 are clamped into it first, so the result is always inside [0, size).
    /// </summary>
    /// <param name="bin">The location bin.</param>
    /// <param name="size">Image width (for x) or height (for y) in pixels, positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public static float ToPixel(int bin, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        int clamped = Math.Clamp(bin, 0, Count - 1);
        return (clamped + 0.5f) / 1000f * size;
    }

    /// <summary>
    /// The bin holding pixel coordinate <paramref name="coordinate"/>: clamp(floor(coordinate / (size / 1000)), 0, 999),
    /// the reference's quantizer (floor mode). Negative coordinates give 0; coordinates at or past the edge give 999.
    /// </summary>
    /// <param name="coordinate">Pixel coordinate (x with the width, y with the height).</param>
    /// <param name="size">Image width or height in pixels, positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive, or <paramref name="coordinate"/> is NaN.</exception>
    public static int FromPixel(double coordinate, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (double.IsNaN(coordinate))
        {
            throw new ArgumentOutOfRangeException(nameof(coordinate), "A pixel coordinate must be a number, but got NaN.");
        }

        double bin = Math.Floor(coordinate / (size / 1000.0));
        return bin <= 0 ? 0 : bin >= Count - 1 ? Count - 1 : (int)bin;
    }

    /// <summary>
    /// The four location tokens <c>&lt;loc_x1&gt;&lt;loc_y1&gt;&lt;loc_x2&gt;&lt;loc_y2&gt;</c> for a region given in pixels,
    /// the input of the <c>&lt;REGION_TO_*&gt;</c> tasks.
    /// </summary>
    /// <param name="region">The region in pixel coordinates of the original image.</param>
    /// <param name="imageSize">The original image size (both sides positive).</param>
    /// <exception cref="ArgumentOutOfRangeException">A side of <paramref name="imageSize"/> is not positive, or a coordinate is NaN.</exception>
    public static string RegionTokens(BoundingBox region, ImageSize imageSize)
    {
        int x1 = FromPixel(region.X1, imageSize.Width);
        int y1 = FromPixel(region.Y1, imageSize.Height);
        int x2 = FromPixel(region.X2, imageSize.Width);
        int y2 = FromPixel(region.Y2, imageSize.Height);
        return string.Create(CultureInfo.InvariantCulture, $"<loc_{x1}><loc_{y1}><loc_{x2}><loc_{y2}>");
    }
}
