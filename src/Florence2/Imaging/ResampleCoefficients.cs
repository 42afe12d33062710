using System.Buffers;

namespace Florence2.Imaging;

/// <summary>
/// Fixed-point filter taps of Pillow's bicubic resample along one axis: for each output index, the first input
/// index, the number of taps and the tap weights scaled by 2^<see cref="PrecisionBits"/>. The computation follows
/// Pillow 9.x <c>precompute_coeffs</c> and <c>normalize_coeffs_8bpc</c> step for step, so the integers agree.
/// </summary>
internal sealed class ResampleCoefficients : IDisposable
{
    /// <summary>Fraction bits of the weights (Pillow: 32 − 8 − 2, leaving room for 8-bit samples and overshoot).</summary>
    public const int PrecisionBits = 32 - 8 - 2;

    // Keys cubic kernel with a = -0.5, support 2 (Pillow's BICUBIC).
    private const double CubicA = -0.5;
    private const double CubicSupport = 2.0;

    private readonly int[] _first;
    private readonly int[] _count;
    private readonly int[] _weights;

    public ResampleCoefficients(int inputSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);

        double scale = (double)inputSize / outputSize;
        // When downscaling, the kernel is stretched by the scale factor: that is Pillow's antialiasing.
        double filterScale = Math.Max(scale, 1.0);
        double support = CubicSupport * filterScale;
        KernelSize = ((int)Math.Ceiling(support) * 2) + 1;
        OutputSize = outputSize;

        _first = ArrayPool<int>.Shared.Rent(outputSize);
        _count = ArrayPool<int>.Shared.Rent(outputSize);
        _weights = ArrayPool<int>.Shared.Rent(outputSize * KernelSize);
        double[] taps = ArrayPool<double>.Shared.Rent(KernelSize);
        try
        {
            for (int output = 0; output < outputSize; output++)
            {
                ComputeTaps(output, inputSize, scale, filterScale, support, taps);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(taps);
        }
    }

    public int OutputSize { get; }

    public int KernelSize { get; }

    public int First(int output) => _first[output];

    public int Count(int output) => _count[output];

    public ReadOnlySpan<int> Weights(int output) => _weights.AsSpan(output * KernelSize, _count[output]);

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_first);
        ArrayPool<int>.Shared.Return(_count);
        ArrayPool<int>.Shared.Return(_weights);
    }

    private void ComputeTaps(int output, int inputSize, double scale, double filterScale, double support, double[] taps)
    {
        double center = (output + 0.5) * scale;
        double inverseFilterScale = 1.0 / filterScale;
        // Truncation toward zero and the clamps are Pillow's, so the windows match at the borders too.
        int first = Math.Max((int)(center - support + 0.5), 0);
        int last = Math.Min((int)(center + support + 0.5), inputSize);
        int count = last - first;

        double sum = 0.0;
        for (int i = 0; i < count; i++)
        {
            double weight = Cubic((i + first - center + 0.5) * inverseFilterScale);
            taps[i] = weight;
            sum += weight;
        }

        Span<int> weights = _weights.AsSpan(output * KernelSize, KernelSize);
        for (int i = 0; i < count; i++)
        {
            double normalized = sum != 0.0 ? taps[i] / sum : taps[i];
            double scaled = normalized * (1 << PrecisionBits);
            weights[i] = (int)(normalized < 0 ? scaled - 0.5 : scaled + 0.5);
        }

        _first[output] = first;
        _count[output] = count;
    }

    private static double Cubic(double x)
    {
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((((CubicA + 2.0) * x) - (CubicA + 3.0)) * x * x) + 1.0;
        }

        if (x < 2.0)
        {
            return ((((x - 5.0) * x) + 8.0) * x - 4.0) * CubicA;
        }

        return 0.0;
    }
}
