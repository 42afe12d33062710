using Florence2.Generation;

namespace Florence2.Tests.Generation;

/// <summary>
/// The in-place beam cache reorder against a naive reorder (a fresh buffer whose row r is a copy of source row
/// sources[r]), for every source map of up to 5 rows, including repeated and dropped rows.
/// </summary>
public sealed class RowPermutationTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(3, 48)]
    [InlineData(4, 5)]
    [InlineData(5, 16)]
    public void In_place_reorder_equals_naive_reorder_for_every_source_map(int rows, int rowBytes)
    {
        var random = new Random((rows * 100) + rowBytes);
        var original = new byte[rows * rowBytes];
        random.NextBytes(original);
        var sources = new int[rows];
        var maps = (int)Math.Pow(rows, rows);
        for (var code = 0; code < maps; code++)
        {
            for (int r = 0, rest = code; r < rows; r++, rest /= rows)
            {
                sources[r] = rest % rows;
            }

            var expected = new byte[original.Length];
            for (var r = 0; r < rows; r++)
            {
                Array.Copy(original, sources[r] * rowBytes, expected, r * rowBytes, rowBytes);
            }

            var actual = (byte[])original.Clone();
            RowPermutation.Apply(actual, sources);

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"sources [{string.Join(", ", sources)}]");
        }
    }
}
