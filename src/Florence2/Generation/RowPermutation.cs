using System.Buffers;

namespace Florence2.Generation;

/// <summary>
/// Reorders the rows (beams) of a cache tensor in place: row r takes the content row sources[r] had. Only rows
/// that change are written, and only rows that are read after being overwritten are saved first, so a step where
/// the beams keep their order costs nothing.
/// </summary>
internal static class RowPermutation
{
    public static bool IsIdentity(ReadOnlySpan<int> sources)
    {
        for (var r = 0; r < sources.Length; r++)
        {
            if (sources[r] != r)
            {
                return false;
            }
        }

        return true;
    }

    public static void Apply(Span<byte> data, ReadOnlySpan<int> sources)
    {
        var rows = sources.Length;
        if (rows == 0 || IsIdentity(sources))
        {
            return;
        }

        if (data.Length % rows != 0)
        {
            throw new ArgumentException($"A tensor of {data.Length} bytes cannot be split into {rows} rows.", nameof(data));
        }

        var rowBytes = data.Length / rows;
        Span<int> slotOfRow = rows <= 64 ? stackalloc int[rows] : new int[rows];
        slotOfRow.Fill(-1);
        var saved = 0;
        for (var r = 0; r < rows; r++)
        {
            var source = sources[r];
            if (source != r && slotOfRow[source] < 0)
            {
                slotOfRow[source] = saved++;
            }
        }

        var scratch = ArrayPool<byte>.Shared.Rent(saved * rowBytes);
        try
        {
            for (var row = 0; row < rows; row++)
            {
                if (slotOfRow[row] >= 0)
                {
                    data.Slice(row * rowBytes, rowBytes).CopyTo(scratch.AsSpan(slotOfRow[row] * rowBytes, rowBytes));
                }
            }

            for (var r = 0; r < rows; r++)
            {
                var source = sources[r];
                if (source != r)
                {
                    scratch.AsSpan(slotOfRow[source] * rowBytes, rowBytes).CopyTo(data.Slice(r * rowBytes, rowBytes));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
