using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Imaging;

/// <summary>Paths of the checked-in imaging test data and helpers to read and build test pictures.</summary>
internal static class TestImages
{
    public static string PathOf(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "imaging", fileName);

    /// <summary>The packed RGB bytes of an image.</summary>
    public static byte[] RgbBytes(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    /// <summary>A deterministic picture with gradients and hard edges, so that any pixel mix-up changes the result.</summary>
    public static Image<Rgb24> MakePattern(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool inBox = x > width / 4 && x < width / 2 && y > height / 3 && y < 2 * height / 3;
                image[x, y] = inBox
                    ? new Rgb24(250, 20, (byte)(x * 7))
                    : new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x + (3 * y)) % 256));
            }
        }

        return image;
    }

    public static byte[] EncodePng(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
