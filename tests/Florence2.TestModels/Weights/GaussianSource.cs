namespace Florence2.TestModels;

/// <summary>Standard normal samples from <see cref="Random"/> by the Box–Muller transform, reproducible from a seed.</summary>
/// <remarks>
/// The uniform draws are sequential (they define the values); the transform of each pair is independent, so large
/// requests (a base-sized model draws about 170 million samples) run it in parallel with identical results.
/// </remarks>
internal sealed class GaussianSource(int seed)
{
    // Below this many pairs the transform runs on the calling thread.
    private const int ParallelPairThreshold = 1 << 16;
    private const int PairsPerChunk = 1 << 15;

#pragma warning disable CA5394 // Reproducible test weights, not security.
    private readonly Random random = new(seed);
    private double? spare;

    /// <summary><paramref name="count"/> samples of N(0, scale²).</summary>
    public float[] Next(int count, double scale)
    {
        var values = new float[count];
        var start = 0;
        if (count > 0 && spare is { } cached)
        {
            spare = null;
            values[start++] = (float)(cached * scale);
        }

        // Each pair of uniforms gives a cosine sample, then a sine sample (kept as the spare when it is not needed).
        var pairs = (count - start + 1) / 2;
        var uniforms = new double[2 * pairs];
        for (var i = 0; i < uniforms.Length; i++)
        {
            uniforms[i] = random.NextDouble();
        }

        if (pairs < ParallelPairThreshold)
        {
            Transform(uniforms, values, start, scale, 0, pairs);
        }
        else
        {
            Parallel.For(0, (pairs + PairsPerChunk - 1) / PairsPerChunk, chunk =>
                Transform(uniforms, values, start, scale, chunk * PairsPerChunk, Math.Min(pairs, (chunk + 1) * PairsPerChunk)));
        }

        if ((count - start) % 2 == 1)
        {
            var last = pairs - 1;
            spare = Radius(uniforms[2 * last]) * Math.Sin(Angle(uniforms[(2 * last) + 1]));
        }
        return values;
    }

    private static void Transform(double[] uniforms, float[] values, int start, double scale, int firstPair, int endPair)
    {
        for (var pair = firstPair; pair < endPair; pair++)
        {
            var radius = Radius(uniforms[2 * pair]);
            var angle = Angle(uniforms[(2 * pair) + 1]);
            var index = start + (2 * pair);
            values[index] = (float)(radius * Math.Cos(angle) * scale);
            if (index + 1 < values.Length)
            {
                values[index + 1] = (float)(radius * Math.Sin(angle) * scale);
            }
        }
    }

    // 1 - u lies in (0, 1], so the logarithm is finite.
    private static double Radius(double uniform) => Math.Sqrt(-2.0 * Math.Log(1.0 - uniform));

    private static double Angle(double uniform) => 2.0 * Math.PI * uniform;
#pragma warning restore CA5394
}
