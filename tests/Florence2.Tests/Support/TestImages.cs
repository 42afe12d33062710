using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Support;

/// <summary>Deterministic synthetic images for pipeline tests.</summary>
public static class TestImages
{
    /// <summary>An RGB24 buffer with gradients and a few hard edges, so every patch of the vision encoder differs.</summary>
    public static byte[] Pixels(int width, int height, int seed = 1)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)((x * 255 / width) ^ (y % 64 < 32 ? 0 : 0x40));
                pixels[i + 1] = (byte)(y * 255 / height);
                pixels[i + 2] = (byte)random.Next(256);
            }
        }

        return pixels;
    }

    public static ImageInput Input(int width = 768, int height = 768, int seed = 1) =>
        ImageInput.FromPixels(Pixels(width, height, seed), width, height, RawPixelFormat.Rgb24);

    /// <summary>The same picture encoded as PNG bytes.</summary>
    public static byte[] Png(int width, int height, int seed = 1)
    {
        using var image = Image.LoadPixelData<Rgb24>(Pixels(width, height, seed), width, height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>Writes <see cref="Png"/> to <paramref name="path"/> and returns the path.</summary>
    public static string PngFile(string path, int width, int height, int seed = 1)
    {
        File.WriteAllBytes(path, Png(width, height, seed));
        return path;
    }
}
