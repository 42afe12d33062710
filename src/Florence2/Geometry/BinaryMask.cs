using Florence2.Geometry;

namespace Florence2;

/// <summary>
/// An immutable width × height grid of booleans (true = inside), stored row by row. Built from polygons by
/// <see cref="FromPolygons"/>.
/// </summary>
public sealed class BinaryMask
{
    private readonly bool[] _pixels;

    /// <summary>Creates a mask from a copy of row-major <paramref name="pixels"/> (index = y × width + x).</summary>
    /// <param name="width">Width in pixels (positive).</param>
    /// <param name="height">Height in pixels (positive).</param>
    /// <param name="pixels">Exactly width × height values.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or width × height overflows.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> has the wrong length.</exception>
    public BinaryMask(int width, int height, ReadOnlySpan<bool> pixels)
        : this(width, height, CopyChecked(width, height, pixels))
    {
    }

    private BinaryMask(int width, int height, bool[] pixels)
    {
        Width = width;
        Height = height;
        _pixels = pixels;
        Count = pixels.AsSpan().Count(true);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels that are set.</summary>
    public int Count { get; }

    /// <summary>Whether pixel (<paramref name="x"/>, <paramref name="y"/>) is set.</summary>
    /// <param name="x">Column, 0 to Width − 1.</param>
    /// <param name="y">Row, 0 to Height − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The pixel is outside the mask.</exception>
    public bool this[int x, int y]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(x);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
            ArgumentOutOfRangeException.ThrowIfNegative(y);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
            return _pixels[(y * Width) + x];
        }
    }

    /// <summary>
    /// Rasterizes the union of <paramref name="polygons"/>. Each polygon is filled with the even-odd rule, sampling
    /// pixel centres: pixel (x, y) is set when the point (x + 0.5, y + 0.5) is inside, i.e. a ray from it crosses the
    /// polygon's edges an odd number of times. A pixel is set when any polygon sets it. Parts of a polygon outside
    /// the mask are clipped; polygons with fewer than three points set nothing.
    /// </summary>
    /// <param name="polygons">The polygons, in pixel coordinates of the mask.</param>
    /// <param name="width">Mask width in pixels (positive).</param>
    /// <param name="height">Mask height in pixels (positive).</param>
    /// <exception cref="ArgumentNullException"><paramref name="polygons"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or width × height overflows.</exception>
    public static BinaryMask FromPolygons(IEnumerable<Polygon> polygons, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        var pixels = new bool[PixelCount(width, height)];
        foreach (var polygon in polygons)
        {
            ArgumentNullException.ThrowIfNull(polygon, nameof(polygons));
            ScanlineFill.Fill(polygon.PointSpan, pixels, width, height);
        }

        return new BinaryMask(width, height, pixels);
    }

    /// <summary>
    /// Pixels set in both masks divided by pixels set in either, in [0, 1]; 0 when neither has a pixel set.
    /// </summary>
    /// <param name="other">A mask of the same size.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The masks differ in size.</exception>
    public float IntersectionOverUnion(BinaryMask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Width != Width || other.Height != Height)
        {
            throw new ArgumentException($"Masks must have the same size to be compared, but this one is {Width}x{Height} and the other {other.Width}x{other.Height}.", nameof(other));
        }

        int intersection = 0;
        for (int i = 0; i < _pixels.Length; i++)
        {
            if (_pixels[i] && other._pixels[i])
            {
                intersection++;
            }
        }

        int union = Count + other.Count - intersection;
        return union == 0 ? 0f : (float)intersection / union;
    }

    /// <summary>Copies the pixels, row by row (index = y × width + x), to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least width × height elements.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<bool> destination)
    {
        if (destination.Length < _pixels.Length)
        {
            throw new ArgumentException($"The destination needs {_pixels.Length} elements but has {destination.Length}.", nameof(destination));
        }

        _pixels.CopyTo(destination);
    }

    /// <summary>A new array with the pixels, row by row (index = y × width + x).</summary>
    public bool[] ToArray() => (bool[])_pixels.Clone();

    private static bool[] CopyChecked(int width, int height, ReadOnlySpan<bool> pixels)
    {
        int count = PixelCount(width, height);
        if (pixels.Length != count)
        {
            throw new ArgumentException($"A {width}x{height} mask needs {count} pixel values but got {pixels.Length}.", nameof(pixels));
        }

        return pixels.ToArray();
    }

    private static int PixelCount(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long count = (long)width * height;
        if (count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height} mask has more pixels than an array can hold.");
        }

        return (int)count;
    }
}
