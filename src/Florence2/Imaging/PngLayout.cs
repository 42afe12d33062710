namespace Florence2.Imaging;

/// <summary>
/// What <see cref="PngStructure.Read"/> found in a PNG: the IHDR fields and where the image data (the first run of
/// consecutive IDAT chunks) lies. Plain values, no imaging library.
/// </summary>
/// <param name="Width">Width from IHDR (at most <see cref="int.MaxValue"/>, possibly 0).</param>
/// <param name="Height">Height from IHDR (at most <see cref="int.MaxValue"/>, possibly 0).</param>
/// <param name="BitDepth">Bits per sample: 1, 2, 4, 8 or 16, valid for <paramref name="ColourType"/>.</param>
/// <param name="ColourType">0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA.</param>
/// <param name="Interlaced">Adam7 interlacing.</param>
/// <param name="FirstImageDataChunk">Offset of the first IDAT chunk (its length field).</param>
/// <param name="ImageDataChunks">Number of consecutive IDAT chunks from there.</param>
/// <param name="ImageDataEnd">Offset just past the data of the last of those chunks: where the compressed data ends.</param>
internal readonly record struct PngLayout(
    int Width,
    int Height,
    byte BitDepth,
    byte ColourType,
    bool Interlaced,
    int FirstImageDataChunk,
    int ImageDataChunks,
    int ImageDataEnd)
{
    // Adam7 passes: first column, first row, column step, row step.
    private static readonly (int X, int Y, int DX, int DY)[] Passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <summary>"PNG (W×H)", for messages.</summary>
    public string Description => $"PNG ({Width}×{Height})";

    /// <summary>Samples per pixel of <see cref="ColourType"/>.</summary>
    public int Channels => ColourType switch
    {
        2 => 3,
        4 => 2,
        6 => 4,
        _ => 1,
    };

    /// <summary>
    /// Bytes the inflated image data must hold: every scanline of every (non-empty) pass, each with its filter-type
    /// byte (PNG specification, sections 7.2 and 8.2).
    /// </summary>
    public long InflatedBytes
    {
        get
        {
            if (!Interlaced)
            {
                return ScanlinesBytes(Width, Height);
            }

            long total = 0;
            foreach (var (x, y, dx, dy) in Passes)
            {
                long columns = Width > x ? ((long)Width - x + dx - 1) / dx : 0;
                long rows = Height > y ? ((long)Height - y + dy - 1) / dy : 0;
                total += ScanlinesBytes(columns, rows);
            }

            return total;
        }
    }

    /// <summary>A short name of the pixel format, e.g. "RGB 8-bit" or "palette 4-bit, interlaced".</summary>
    public string PixelFormat
    {
        get
        {
            string colour = ColourType switch
            {
                0 => "grey",
                2 => "RGB",
                3 => "palette",
                4 => "grey + alpha",
                _ => "RGBA",
            };
            return $"{colour} {BitDepth}-bit{(Interlaced ? ", interlaced" : "")}";
        }
    }

    private long ScanlinesBytes(long columns, long rows) =>
        columns == 0 || rows == 0 ? 0 : rows * (1 + (((columns * Channels * BitDepth) + 7) / 8));
}
