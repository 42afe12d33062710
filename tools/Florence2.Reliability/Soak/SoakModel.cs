using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Reliability.Soak;

/// <summary>
/// Writes the tiny test model the soak runs: random weights plus a weak script towards an answer with labels and
/// location tokens, so that answers differ by image and task and the parsers find boxes, quads and phrases.
/// </summary>
internal static class SoakModel
{
    private const string Favoured = "a car<loc_100><loc_200><loc_300><loc_400> road<loc_5><loc_600><loc_700><loc_800><loc_10><loc_900><loc_20><loc_950>";

    public static void Write(string directory, int seed)
    {
        TestTokenizerFiles.Write(directory);
        var tokenizer = FlorenceTokenizer.Load(directory);
        var ids = tokenizer.Encode(Favoured);
        TestModelFolder.Write(directory, new TinyModelOptions { Seed = seed, Script = ids[1..^1], ScriptBias = 18f });
    }

    /// <summary>Deterministic test pictures: gradients with hard edges and noise, raw RGB and one encoded as PNG.</summary>
    public static IReadOnlyList<ImageInput> Images(int seed)
    {
        var images = new List<ImageInput>();
        foreach (var (width, height, index) in new[] { (640, 480, 0), (300, 500, 1), (768, 768, 2), (1024, 200, 3) })
        {
            images.Add(ImageInput.FromPixels(Pixels(width, height, seed + index), width, height, RawPixelFormat.Rgb24));
        }

        using var png = SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgb24>(Pixels(400, 300, seed + 9), 400, 300);
        using var stream = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(png, stream);
        images.Add(ImageInput.FromBytes(stream.ToArray()));
        return images;
    }

    private static byte[] Pixels(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                pixels[i] = (byte)((x * 255 / width) ^ (y % 64 < 32 ? 0 : 0x40));
                pixels[i + 1] = (byte)(y * 255 / height);
                pixels[i + 2] = (byte)random.Next(256);
            }
        }

        return pixels;
    }
}
