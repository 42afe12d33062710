namespace Florence2.TestModels;

/// <summary>
/// A [K, N] float weight in <c>MatMulNBits</c>'s layout: for each of the N output columns, K split into blocks of
/// <see cref="BlockSize"/> along K, each stored as 4-bit codes (two per byte, the lower K index in the low nibble) with
/// one float scale. Symmetric: real = (code − 8) × scale, no zero-point tensor.
/// </summary>
/// <param name="Packed">[N, BlockCount, BlockSize / 2] bytes.</param>
/// <param name="Scales">[N × BlockCount] scales, block index fastest.</param>
internal sealed record FourBitBlocks(int K, int N, int BlockSize, byte[] Packed, float[] Scales)
{
    /// <summary>The implicit code of zero in symmetric 4-bit blocks.</summary>
    public const int ZeroCode = 8;

    /// <summary>Blocks per column: ⌈K / BlockSize⌉.</summary>
    public int BlockCount => (K + BlockSize - 1) / BlockSize;

    /// <summary>
    /// Quantizes a row-major [K, N] weight as ONNX Runtime's <c>quantize_matmul_4bits</c> does for symmetric blocks:
    /// the block's value of largest magnitude maps to code 0, i.e. scale = that value / −8; codes are
    /// round-half-away-from-zero of value / scale + 8, clamped to [0, 15].
    /// </summary>
    public static FourBitBlocks Quantize(ReadOnlySpan<float> weight, int k, int n, int blockSize)
    {
        if (blockSize < 16 || blockSize % 2 != 0 || weight.Length != (long)k * n)
        {
            throw new ArgumentException($"Expected a [{k}, {n}] weight and an even block size of at least 16.");
        }

        var blockCount = (k + blockSize - 1) / blockSize;
        var blobSize = blockSize / 2;
        var packed = new byte[(long)n * blockCount * blobSize];
        var scales = new float[n * blockCount];
        for (var column = 0; column < n; column++)
        {
            for (var block = 0; block < blockCount; block++)
            {
                var start = block * blockSize;
                var end = Math.Min(start + blockSize, k);
                var min = float.MaxValue;
                var max = -float.MaxValue;
                for (var row = start; row < end; row++)
                {
                    var value = weight[(row * n) + column];
                    min = Math.Min(min, value);
                    max = Math.Max(max, value);
                }

                var extreme = MathF.Abs(max) > MathF.Abs(min) ? max : min;
                var scale = extreme / -ZeroCode;
                var reciprocal = scale != 0f ? 1f / scale : 0f;
                scales[(column * blockCount) + block] = scale;
                var blob = ((long)column * blockCount + block) * blobSize;
                for (var pair = 0; pair < blobSize; pair++)
                {
                    var low = Code(weight, start + (2 * pair), end, n, column, reciprocal);
                    var high = Code(weight, start + (2 * pair) + 1, end, n, column, reciprocal);
                    packed[blob + pair] = (byte)(low | (high << 4));
                }
            }
        }
        return new FourBitBlocks(k, n, blockSize, packed, scales);
    }

    /// <summary>The 4-bit code of weight element [row, column].</summary>
    public int CodeAt(int row, int column)
    {
        var block = row / BlockSize;
        var offset = row % BlockSize;
        var b = Packed[(((long)column * BlockCount + block) * (BlockSize / 2)) + (offset / 2)];
        return offset % 2 == 0 ? b & 0xF : b >> 4;
    }

    /// <summary>The real value weight element [row, column] stands for.</summary>
    public float Dequantized(int row, int column) => (CodeAt(row, column) - ZeroCode) * Scales[(column * BlockCount) + (row / BlockSize)];

    // Rows past K (a last, partial block) hold the code of zero.
    private static int Code(ReadOnlySpan<float> weight, int row, int end, int n, int column, float reciprocal) =>
        row < end
            ? (int)Math.Clamp(MathF.Round((weight[(row * n) + column] * reciprocal) + ZeroCode, MidpointRounding.AwayFromZero), 0f, 15f)
            : ZeroCode;
}
