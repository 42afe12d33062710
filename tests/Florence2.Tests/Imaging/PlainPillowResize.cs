namespace Florence2.Tests.Imaging;

/// <summary>
/// A deliberately plain second implementation of Pillow 9.x's 8-bit bicubic resample (precompute_coeffs,
/// normalize_coeffs_8bpc, horizontal then vertical pass, clip8), written from the algorithm's description with
/// no vectors and no shortcuts, as the oracle for the library's vectorized resampler.
/// </summary>
internal static class PlainPillowResize
{
    private const int Precision = 22;

    /// <summary>Resizes interleaved pixels (channel order given by red/green/blue offsets) to packed RGB.</summary>
    public static byte[] Resize(byte[] pixels, int width, int height, int stride, int bytesPerPixel, int redOffset, int outWidth, int outHeight)
    {
        // Start from packed RGB doubles-free integers: plane[y][x][c].
        var rgb = new int[height, width, 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (y * stride) + (x * bytesPerPixel);
                rgb[y, x, 0] = pixels[at + redOffset];
                rgb[y, x, 1] = pixels[at + 1];
                rgb[y, x, 2] = pixels[at + 2 - redOffset];
            }
        }

        if (outWidth != width)
        {
            var (first, weights) = Coefficients(width, outWidth);
            var next = new int[height, outWidth, 3];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < outWidth; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var sum = 1 << (Precision - 1);
                        for (var i = 0; i < weights[x].Length; i++)
                        {
                            sum += rgb[y, first[x] + i, c] * weights[x][i];
                        }

                        next[y, x, c] = Clip8(sum);
                    }
                }
            }

            rgb = next;
        }

        if (outHeight != height)
        {
            var (first, weights) = Coefficients(height, outHeight);
            var next = new int[outHeight, outWidth, 3];
            for (var y = 0; y < outHeight; y++)
            {
                for (var x = 0; x < outWidth; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var sum = 1 << (Precision - 1);
                        for (var i = 0; i < weights[y].Length; i++)
                        {
                            sum += rgb[first[y] + i, x, c] * weights[y][i];
                        }

                        next[y, x, c] = Clip8(sum);
                    }
                }
            }

            rgb = next;
        }

        var result = new byte[outWidth * outHeight * 3];
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    result[(((y * outWidth) + x) * 3) + c] = (byte)rgb[y, x, c];
                }
            }
        }

        return result;
    }

    private static int Clip8(int sum) => Math.Clamp(sum >> Precision, 0, 255);

    private static (int[] First, int[][] Weights) Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = 2.0 * filterScale;
        var first = new int[outSize];
        var weights = new int[outSize][];
        for (var o = 0; o < outSize; o++)
        {
            var center = (o + 0.5) * scale;
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize);
            var raw = new double[xmax - xmin];
            var total = 0.0;
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = Cubic((i + xmin - center + 0.5) / filterScale);
                total += raw[i];
            }

            first[o] = xmin;
            weights[o] = new int[raw.Length];
            for (var i = 0; i < raw.Length; i++)
            {
                var w = total != 0.0 ? raw[i] / total : raw[i];
                var scaled = w * (1 << Precision);
                weights[o][i] = (int)(w < 0 ? scaled - 0.5 : scaled + 0.5);
            }
        }

        return (first, weights);
    }

    private static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        return x < 1.0 ? (((a + 2.0) * x) - (a + 3.0)) * x * x + 1.0
            : x < 2.0 ? ((((x - 5.0) * x) + 8.0) * x - 4.0) * a
            : 0.0;
    }
}
