namespace Florence2.Benchmarks;

/// <summary>Medians, quantiles (linear between ranks) and a bootstrap interval of the median, for per-round figures.</summary>
internal static class RoundStatistics
{
    /// <summary>The median; 0 for no values.</summary>
    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

    /// <summary>The <paramref name="q"/> quantile, interpolated linearly between ranks; 0 for no values.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>A 95 % bootstrap interval of the median from <paramref name="resamples"/> resamples (seeded, so runs repeat).</summary>
    public static (double Low, double High) BootstrapMedian(List<double> values, int resamples, int seed)
    {
        var random = new Random(seed);
        var medians = new List<double>(resamples);
        var sample = new double[values.Count];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = values[random.Next(values.Count)];
            }

            medians.Add(Median(sample));
        }

        return (Quantile(medians, 0.025), Quantile(medians, 0.975));
    }
}
