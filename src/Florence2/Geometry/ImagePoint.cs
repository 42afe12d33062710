namespace Florence2;

/// <summary>A point in pixel coordinates of the original image (x to the right, y down).</summary>
/// <param name="X">Horizontal coordinate in pixels.</param>
/// <param name="Y">Vertical coordinate in pixels.</param>
public readonly record struct ImagePoint(float X, float Y)
{
    /// <summary>Returns the point with X multiplied by <paramref name="sx"/> and Y by <paramref name="sy"/>.</summary>
    /// <param name="sx">Horizontal scale factor.</param>
    /// <param name="sy">Vertical scale factor.</param>
    public ImagePoint Scale(float sx, float sy) => new(X * sx, Y * sy);
}
