namespace Florence2.TestModels;

/// <summary>A convolution's weight [out, in / group, kh, kw] (row-major) and bias [out].</summary>
public sealed record ConvWeights(long[] Dims, float[] Weight, float[] Bias)
{
    internal static ConvWeights Random(GaussianSource source, int outputs, int inputsPerGroup, int kernel)
    {
        var fanIn = inputsPerGroup * kernel * kernel;
        return new ConvWeights([outputs, inputsPerGroup, kernel, kernel], source.Next(outputs * fanIn, 1.0 / Math.Sqrt(fanIn)), source.Next(outputs, 0.1));
    }
}
