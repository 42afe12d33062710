namespace Florence2.TestModels;

/// <summary>A dense layer y = x·W + b with W stored row-major as [In, Out].</summary>
public sealed record LinearWeights(int In, int Out, float[] Weight, float[] Bias)
{
    internal static LinearWeights Random(GaussianSource source, int inputs, int outputs) =>
        new(inputs, outputs, source.Next(inputs * outputs, 1.0 / Math.Sqrt(inputs)), source.Next(outputs, 0.1));
}
