using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Benchmarks;

/// <summary>
/// A deterministic photo-like 1920×1080 test image (smooth gradients, a few shapes, mild noise from a fixed seed), as
/// raw RGB and encoded as JPEG (quality 90) and PNG; also written to files for the transformers.js side of the comparison.
/// </summary>
internal static class BenchmarkImages
{
    public const int Width = 1920;
    public const int Height = 1080;

    private static readonly Lazy<byte[]> LazyRgb = new(CreateRgb);
    private static readonly Lazy<byte[]> LazyJpeg = new(() => Encode((image, stream) => image.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 })));
    private static readonly Lazy<byte[]> LazyPng = new(() => Encode((image, stream) => image.SaveAsPng(stream, new PngEncoder())));

    /// <summary>Tightly packed RGB24 pixels, row-major.</summary>
    public static byte[] Rgb => LazyRgb.Value;

    /// <summary>The image as JPEG.</summary>
    public static byte[] Jpeg => LazyJpeg.Value;

    /// <summary>The image as PNG.</summary>
    public static byte[] Png => LazyPng.Value;

    /// <summary>The encoded bytes of <paramref name="format"/> (<c>jpeg</c> or <c>png</c>).</summary>
    public static byte[] Encoded(string format) => format switch
    {
        "jpeg" => Jpeg,
        "png" => Png,
        _ => throw new ArgumentException($"Expected jpeg or png, not '{format}'.", nameof(format)),
    };

    /// <summary>Writes the JPEG and PNG into <paramref name="directory"/> (when missing) and returns the JPEG's path.</summary>
    public static string WriteFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        var jpeg = Path.Combine(directory, "bench-1920x1080.jpg");
        var png = Path.Combine(directory, "bench-1920x1080.png");
        if (!File.Exists(jpeg))
        {
            File.WriteAllBytes(jpeg, Jpeg);
        }
        if (!File.Exists(png))
        {
            File.WriteAllBytes(png, Png);
        }
        return jpeg;
    }

    private static byte[] CreateRgb()
    {
#pragma warning disable CA5394 // Reproducible test pixels, not security.
        var random = new Random(20261127);
        var rgb = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                // Sky-to-road gradient, a "car" rectangle and a "sun" disc, plus ±8 of noise.
                var inCar = x is > 700 and < 1300 && y is > 600 and < 850;
                var inSun = ((x - 1600) * (x - 1600)) + ((y - 200) * (y - 200)) < 120 * 120;
                double r = inCar ? 200 : inSun ? 250 : 90 + (100.0 * y / Height);
                double g = inCar ? 30 : inSun ? 220 : 140 + (60.0 * x / Width);
                double b = inCar ? 40 : inSun ? 120 : 220 - (150.0 * y / Height);
                var offset = ((y * Width) + x) * 3;
                rgb[offset] = Clamp(r + random.Next(-8, 9));
                rgb[offset + 1] = Clamp(g + random.Next(-8, 9));
                rgb[offset + 2] = Clamp(b + random.Next(-8, 9));
            }
        }
        return rgb;
#pragma warning restore CA5394
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);

    private static byte[] Encode(Action<Image<Rgb24>, Stream> save)
    {
        using var image = Image.LoadPixelData<Rgb24>(Rgb, Width, Height);
        using var stream = new MemoryStream();
        save(image, stream);
        return stream.ToArray();
    }
}
