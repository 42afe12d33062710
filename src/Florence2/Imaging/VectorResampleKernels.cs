using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Florence2.Imaging;

/// <summary>
/// SIMD versions of the two resample passes of <see cref="PillowBicubicResampler"/>. They do the same 32-bit integer
/// multiply-adds in the same fixed-point format, so the bytes they produce equal the scalar passes' (and Pillow's)
/// exactly; only the order of independent sums changes.
/// </summary>
internal static class VectorResampleKernels
{
    /// <summary>Rows the horizontal pass computes together, one per 32-bit lane of a 256-bit vector.</summary>
    public const int RowBlock = 8;

    private const int Half = 1 << (ResampleCoefficients.PrecisionBits - 1);

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Horizontal pass over source rows [<paramref name="firstRow"/>, +<paramref name="rowCount"/>) into packed RGB.
    /// Eight rows at a time are transposed into lane-interleaved 32-bit planes, so that one tap of one output pixel
    /// is a single vector multiply-add for all eight rows.
    /// </summary>
    public static void Horizontal(PixelView source, int firstRow, int rowCount, ResampleCoefficients columns, Span<byte> destination)
    {
        int sourceWidth = source.Width;
        int width = columns.OutputSize;
        int bytesPerPixel = source.BytesPerPixel;
        int red = PixelFormatLayout.RedOffset(source.Format);
        int planeLength = sourceWidth * RowBlock;
        int[] planes = ArrayPool<int>.Shared.Rent(3 * planeLength);
        try
        {
            Span<int> red32 = planes.AsSpan(0, planeLength);
            Span<int> green32 = planes.AsSpan(planeLength, planeLength);
            Span<int> blue32 = planes.AsSpan(2 * planeLength, planeLength);
            Span<byte> lanes = stackalloc byte[RowBlock];
            for (int block = 0; block < rowCount; block += RowBlock)
            {
                int rows = Math.Min(RowBlock, rowCount - block);
                if (rows < RowBlock)
                {
                    planes.AsSpan(0, 3 * planeLength).Clear(); // unused lanes compute on zeros and are not stored
                }

                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<byte> input = source.Row(firstRow + block + r);
                    for (int x = 0, offset = 0, lane = r; x < sourceWidth; x++, offset += bytesPerPixel, lane += RowBlock)
                    {
                        red32[lane] = input[offset + red];
                        green32[lane] = input[offset + 1];
                        blue32[lane] = input[offset + 2 - red];
                    }
                }

                for (int x = 0; x < width; x++)
                {
                    ReadOnlySpan<int> weights = columns.Weights(x);
                    int start = columns.First(x) * RowBlock;
                    for (int channel = 0; channel < 3; channel++)
                    {
                        ReadOnlySpan<int> plane = channel == 0 ? red32 : channel == 1 ? green32 : blue32;
                        Vector256<int> sum = MultiplyAdd(plane, start, weights);
                        StoreLanes(Clip(sum), lanes);
                        int column = (x * 3) + channel;
                        for (int r = 0; r < rows; r++)
                        {
                            destination[((block + r) * width * 3) + column] = lanes[r];
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(planes);
        }
    }

    /// <summary>
    /// One output row of the vertical pass: for each byte k, Σ taps weight[i] × row[i][k], 32 bytes per iteration
    /// with the sums kept in registers across the taps. Returns how many leading bytes were written (a multiple of
    /// 32); the caller finishes the rest.
    /// </summary>
    public static int VerticalRow(ReadOnlySpan<byte> sourceBytes, int stride, int firstRow, ReadOnlySpan<int> weights, Span<byte> output)
    {
        int vectorBytes = Vector256<byte>.Count;
        int done = output.Length - (output.Length % vectorBytes);
        ref byte sourceStart = ref MemoryMarshal.GetReference(sourceBytes);
        for (int k = 0; k < done; k += vectorBytes)
        {
            Vector256<int> s0 = Vector256.Create(Half), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < weights.Length; i++)
            {
                var bytes = Vector256.LoadUnsafe(ref sourceStart, (nuint)(((firstRow + i) * stride) + k));
                var (low, high) = Vector256.Widen(bytes);
                var (a, b) = Vector256.Widen(low);
                var (c, d) = Vector256.Widen(high);
                var weight = Vector256.Create(weights[i]);
                s0 += a.AsInt32() * weight;
                s1 += b.AsInt32() * weight;
                s2 += c.AsInt32() * weight;
                s3 += d.AsInt32() * weight;
            }

            var words = Vector256.Narrow(Clip(s0).AsUInt32(), Clip(s1).AsUInt32());
            var words2 = Vector256.Narrow(Clip(s2).AsUInt32(), Clip(s3).AsUInt32());
            Vector256.Narrow(words, words2).StoreUnsafe(ref MemoryMarshal.GetReference(output), (nuint)k);
        }

        return done;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MultiplyAdd(ReadOnlySpan<int> plane, int start, ReadOnlySpan<int> weights)
    {
        ref int origin = ref MemoryMarshal.GetReference(plane);
        Vector256<int> sum = Vector256.Create(Half);
        for (int i = 0; i < weights.Length; i++)
        {
            sum += Vector256.LoadUnsafe(ref origin, (nuint)(start + (i * RowBlock))) * Vector256.Create(weights[i]);
        }

        return sum;
    }

    // Pillow's clip8 on eight lanes: drop the fraction bits (Half was added up front to round), clamp to 0–255.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Clip(Vector256<int> sum) =>
        Vector256.Min(Vector256.Max(Vector256.ShiftRightArithmetic(sum, ResampleCoefficients.PrecisionBits), Vector256<int>.Zero), Vector256.Create(255));

    private static void StoreLanes(Vector256<int> values, Span<byte> lanes)
    {
        for (int r = 0; r < RowBlock; r++)
        {
            lanes[r] = (byte)values.GetElement(r);
        }
    }
}
