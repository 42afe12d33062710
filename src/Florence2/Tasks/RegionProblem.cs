namespace Florence2;

/// <summary>What is wrong with a region passed to a region task.</summary>
public enum RegionProblem
{
    /// <summary>A coordinate is NaN or infinite.</summary>
    NotFinite,

    /// <summary>X2 is left of X1 or Y2 is above Y1.</summary>
    Inverted,

    /// <summary>The region has zero width or height.</summary>
    Empty,

    /// <summary>The region reaches outside the image.</summary>
    OutsideImage,
}
