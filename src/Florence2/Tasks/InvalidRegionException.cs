namespace Florence2;

/// <summary>A region given in image pixels cannot be quantized into location tokens; <see cref="Problem"/> says why.</summary>
public sealed class InvalidRegionException : Florence2Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidRegionException(BoundingBox region, RegionProblem problem, string message) : base(message)
    {
        Region = region;
        Problem = problem;
    }

    /// <summary>The region as passed.</summary>
    public BoundingBox Region { get; }

    /// <summary>What is wrong with it.</summary>
    public RegionProblem Problem { get; }
}
