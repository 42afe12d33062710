using System.Buffers;

namespace Florence2.Imaging;

/// <summary>
/// Resizes 8-bit pixels to packed RGB the way Pillow's <c>Image.resize(size, Image.BICUBIC)</c> does (Pillow 9.x
/// <c>ImagingResample</c>): a separable convolution, horizontal pass first over only the rows the vertical pass will
/// read, then the vertical pass; fixed-point weights, and rounding with clamping to 0–255 after each pass. A pass is
/// skipped when its axis keeps its size. The Florence-2 reference pipeline resizes with Pillow, so matching it keeps
/// the pixel values, and hence the model output, close to the Python results.
/// </summary>
internal static class PillowBicubicResampler
{
    /// <summary>
    /// The most multiply-adds one resize may cost: 1.2 billion, a little more than an 8192 × 8192 image (the default
    /// <c>MaxPixels</c>) takes to 768 × 768 (about 0.9 billion, half a second here). Only an extreme shape costs more: a
    /// very tall, thin image keeps every source row through the horizontal pass and sums thousands of them per output
    /// row, so a 275-byte PNG of 1 × 100,000 pixels would cost 1.8 billion.
    /// </summary>
    public const long MaxWork = 1_200_000_000;

    /// <summary>The most bytes the intermediate image between the two passes may take: 128 MiB.</summary>
    public const long MaxIntermediateBytes = 128L << 20;

    private const int Half = 1 << (ResampleCoefficients.PrecisionBits - 1);

    /// <summary>
    /// Throws when resizing a <paramref name="sourceWidth"/> × <paramref name="sourceHeight"/> image to
    /// <paramref name="width"/> × <paramref name="height"/> would cost more than <see cref="MaxWork"/> or need an
    /// intermediate image larger than <see cref="MaxIntermediateBytes"/>; cheap to call, before any work.
    /// </summary>
    /// <exception cref="InvalidImageException">The resize would cost too much; the message names the shape.</exception>
    public static void CheckCost(int sourceWidth, int sourceHeight, int width, int height)
    {
        // Taps per output sample: the kernel's window, 2 × support × scale + 1, with support 2 when shrinking.
        static double Taps(int source, int target) => (4.0 * Math.Max(1.0, (double)source / target)) + 1;

        var horizontal = width != sourceWidth ? (double)sourceHeight * width * Taps(sourceWidth, width) * 3 : 0;
        var vertical = height != sourceHeight ? (double)height * width * Taps(sourceHeight, height) * 3 : 0;
        var intermediate = width != sourceWidth && height != sourceHeight ? (long)width * sourceHeight * 3 : 0;
        if (horizontal + vertical > MaxWork || intermediate > MaxIntermediateBytes)
        {
            throw new InvalidImageException(
                $"The image is {sourceWidth}×{sourceHeight}: to resize it to {width}×{height} as Pillow does would take about "
                + $"{(horizontal + vertical) / 1e9:F1} billion multiply-adds and {intermediate / 1048576.0:F0} MiB between its passes, more than "
                + $"the {MaxWork / 1e9:F1} billion and {MaxIntermediateBytes >> 20} MiB allowed. An image this far from square would be squeezed "
                + "to nothing anyway: crop it into parts, or scale it down first.");
        }
    }

    /// <summary>
    /// Writes <paramref name="source"/> resized to <paramref name="width"/>×<paramref name="height"/> into
    /// <paramref name="destination"/> as tightly packed RGB (3 bytes per pixel).
    /// </summary>
    public static void Resize(PixelView source, Span<byte> destination, int width, int height, CancellationToken cancellationToken) =>
        Resize(source, destination, width, height, VectorResampleKernels.IsSupported, cancellationToken);

    /// <summary>As above; <paramref name="vectorized"/> false forces the scalar passes (benchmarks compare the two).</summary>
    internal static void Resize(PixelView source, Span<byte> destination, int width, int height, bool vectorized, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int outputLength = checked(width * height * 3);
        if (destination.Length != outputLength)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} bytes; {width}×{height} RGB needs {outputLength}.", nameof(destination));
        }

        CheckCost(source.Width, source.Height, width, height);
        bool horizontal = width != source.Width;
        bool vertical = height != source.Height;
        if (!horizontal && !vertical)
        {
            CopyAsRgb(source, destination);
            return;
        }

        if (!vertical)
        {
            using var columns = new ResampleCoefficients(source.Width, width);
            ResampleHorizontal(source, 0, height, columns, destination, vectorized);
            return;
        }

        using var rows = new ResampleCoefficients(source.Height, height);
        if (!horizontal)
        {
            ResampleVertical(source, 0, rows, destination, vectorized);
            return;
        }

        // Only the source rows that some output row reads need the horizontal pass.
        int firstRow = rows.First(0);
        int lastRow = rows.First(height - 1) + rows.Count(height - 1);
        int tempLength = checked(width * 3 * (lastRow - firstRow));
        byte[] temp = ArrayPool<byte>.Shared.Rent(tempLength);
        try
        {
            using (var columns = new ResampleCoefficients(source.Width, width))
            {
                ResampleHorizontal(source, firstRow, lastRow - firstRow, columns, temp.AsSpan(0, tempLength), vectorized);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var intermediate = new PixelView(temp.AsSpan(0, tempLength), width, lastRow - firstRow, width * 3, RawPixelFormat.Rgb24);
            ResampleVertical(intermediate, firstRow, rows, destination, vectorized);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(temp);
        }
    }

    private static void ResampleHorizontal(
        PixelView source, int firstRow, int rowCount, ResampleCoefficients columns, Span<byte> destination, bool vectorized)
    {
        if (vectorized)
        {
            VectorResampleKernels.Horizontal(source, firstRow, rowCount, columns, destination);
            return;
        }

        int bytesPerPixel = source.BytesPerPixel;
        int red = PixelFormatLayout.RedOffset(source.Format);
        int blue = 2 - red;
        int width = columns.OutputSize;
        for (int y = 0; y < rowCount; y++)
        {
            ReadOnlySpan<byte> input = source.Row(firstRow + y);
            Span<byte> output = destination.Slice(y * width * 3, width * 3);
            for (int x = 0; x < width; x++)
            {
                ReadOnlySpan<int> weights = columns.Weights(x);
                int offset = columns.First(x) * bytesPerPixel;
                int sumRed = Half, sumGreen = Half, sumBlue = Half;
                for (int i = 0; i < weights.Length; i++)
                {
                    int weight = weights[i];
                    sumRed += input[offset + red] * weight;
                    sumGreen += input[offset + 1] * weight;
                    sumBlue += input[offset + blue] * weight;
                    offset += bytesPerPixel;
                }

                output[x * 3] = Clip(sumRed);
                output[(x * 3) + 1] = Clip(sumGreen);
                output[(x * 3) + 2] = Clip(sumBlue);
            }
        }
    }

    /// <param name="source">Input rows; row <c>r</c> holds source row <c>r + rowShift</c>.</param>
    /// <param name="rowShift">Index of the first source row present in <paramref name="source"/>.</param>
    /// <param name="rows">Vertical taps in source-row indices.</param>
    /// <param name="destination">Packed RGB output.</param>
    /// <param name="vectorized">Use the SIMD kernel for packed RGB input.</param>
    private static void ResampleVertical(PixelView source, int rowShift, ResampleCoefficients rows, Span<byte> destination, bool vectorized)
    {
        int width = source.Width;
        int rowBytes = width * 3;
        int[] sums = ArrayPool<int>.Shared.Rent(rowBytes);
        byte[]? rgbRow = source.Format == RawPixelFormat.Rgb24 ? null : ArrayPool<byte>.Shared.Rent(rowBytes);
        try
        {
            Span<int> sum = sums.AsSpan(0, rowBytes);
            for (int y = 0; y < rows.OutputSize; y++)
            {
                ReadOnlySpan<int> weights = rows.Weights(y);
                int first = rows.First(y) - rowShift;
                Span<byte> output = destination.Slice(y * rowBytes, rowBytes);
                if (rgbRow is null && vectorized)
                {
                    int done = VectorResampleKernels.VerticalRow(source.Bytes, source.Stride, first, weights, output);
                    VerticalTail(source, first, weights, output, done);
                    continue;
                }

                sum.Fill(Half);
                for (int i = 0; i < weights.Length; i++)
                {
                    ReadOnlySpan<byte> input = rgbRow is null
                        ? source.Row(first + i)
                        : ToRgbRow(source, first + i, rgbRow.AsSpan(0, rowBytes));
                    int weight = weights[i];
                    // Integer sums are exact, so accumulating tap by tap over a whole row gives Pillow's values
                    // while reading memory in order.
                    for (int k = 0; k < sum.Length; k++)
                    {
                        sum[k] += input[k] * weight;
                    }
                }

                for (int k = 0; k < sum.Length; k++)
                {
                    output[k] = Clip(sum[k]);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sums);
            if (rgbRow is not null)
            {
                ArrayPool<byte>.Shared.Return(rgbRow);
            }
        }
    }

    /// <summary>The bytes of one vertical-pass row that the vector kernel left: from <paramref name="start"/> to the end.</summary>
    private static void VerticalTail(PixelView source, int first, ReadOnlySpan<int> weights, Span<byte> output, int start)
    {
        for (int k = start; k < output.Length; k++)
        {
            int sum = Half;
            for (int i = 0; i < weights.Length; i++)
            {
                sum += source.Bytes[((first + i) * source.Stride) + k] * weights[i];
            }

            output[k] = Clip(sum);
        }
    }

    private static ReadOnlySpan<byte> ToRgbRow(PixelView source, int y, Span<byte> rgb)
    {
        ReadOnlySpan<byte> input = source.Row(y);
        int bytesPerPixel = source.BytesPerPixel;
        int red = PixelFormatLayout.RedOffset(source.Format);
        int blue = 2 - red;
        for (int x = 0, offset = 0; x < source.Width; x++, offset += bytesPerPixel)
        {
            rgb[x * 3] = input[offset + red];
            rgb[(x * 3) + 1] = input[offset + 1];
            rgb[(x * 3) + 2] = input[offset + blue];
        }

        return rgb;
    }

    private static void CopyAsRgb(PixelView source, Span<byte> destination)
    {
        int rowBytes = source.Width * 3;
        for (int y = 0; y < source.Height; y++)
        {
            ToRgbRow(source, y, destination.Slice(y * rowBytes, rowBytes));
        }
    }

    // Pillow's clip8: drop the fraction bits (arithmetic shift floors, and Half was added up front to round).
    private static byte Clip(int sum) => (byte)Math.Clamp(sum >> ResampleCoefficients.PrecisionBits, 0, 255);
}
