namespace Florence2.TestModels;

/// <summary>Standard normal samples from <see cref="Random"/> by the Box–Muller transform, reproducible from a seed.</summary>
internal sealed class GaussianSource(int seed)
{
#pragma warning disable CA5394 // Reproducible test weights, not security.
    private readonly Random random = new(seed);
    private double? spare;

    /// <summary><paramref name="count"/> samples of N(0, scale²).</summary>
    public float[] Next(int count, double scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(NextStandard() * scale);
        }
        return values;
    }

    private double NextStandard()
    {
        if (spare is { } cached)
        {
            spare = null;
            return cached;
        }
        // 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
        var angle = 2.0 * Math.PI * random.NextDouble();
        spare = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
#pragma warning restore CA5394
}
