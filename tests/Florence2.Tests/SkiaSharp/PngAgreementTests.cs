using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Florence2.Tests.Support;

namespace Florence2.Tests.SkiaSharp;

/// <summary>
/// PNG is lossless, so both decoders must give the same pixels for the same file (issue 16). The files cover every
/// PNG colour type and the bit depths that need conversion, written by ImageSharp's encoder; the expected pixels come
/// from the picture that was encoded (an independent computation), not from either decoder.
/// </summary>
public sealed class PngAgreementTests
{
    public static TheoryData<string> Variants => new()
    {
        "rgb8", "rgb8-adam7", "rgba8", "gray8", "gray1", "gray-alpha8", "palette8", "palette-alpha8", "rgb16", "rgba16", "gray16",
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_same_png_gives_the_same_pixels_through_both_decoders(string variant)
    {
        (byte[] png, byte[]? expected) = Make(variant, 37, 23);

        DecodedRgb imageSharp = DecodedRgb.Decode(TestDecoders.ImageSharp, png);
        DecodedRgb skia = DecodedRgb.Decode(TestDecoders.SkiaSharp, png);

        Assert.Equal((37, 23), (skia.Width, skia.Height));
        Assert.Equal(imageSharp.Rgb, skia.Rgb);
        if (expected is not null)
        {
            Assert.Equal(expected, skia.Rgb);
        }
    }

    /// <summary>A PNG of <paramref name="variant"/> and, where the encoding keeps them exactly, the RGB bytes it holds.</summary>
    private static (byte[] Png, byte[]? Expected) Make(string variant, int width, int height)
    {
        using var stream = new MemoryStream();
        byte[]? expected = new byte[width * height * 3];
        switch (variant)
        {
            case "rgb8" or "rgb8-adam7":
            {
                using var image = new Image<Rgb24>(width, height);
                Fill(image, (x, y) => new Rgb24(Channel(x, y, 0), Channel(x, y, 1), Channel(x, y, 2)), expected, p => (p.R, p.G, p.B));
                image.SaveAsPng(stream, new PngEncoder
                {
                    ColorType = PngColorType.Rgb,
                    BitDepth = PngBitDepth.Bit8,
                    InterlaceMethod = variant == "rgb8" ? PngInterlaceMode.None : PngInterlaceMode.Adam7,
                });
                break;
            }

            case "rgba8":
            {
                // Alpha from 0 (fully transparent) to 255: the stored colour must survive whatever the alpha.
                using var image = new Image<Rgba32>(width, height);
                Fill(image, (x, y) => new Rgba32(Channel(x, y, 0), Channel(x, y, 1), Channel(x, y, 2), Channel(x, y, 3)), expected, p => (p.R, p.G, p.B));
                image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.RgbWithAlpha, BitDepth = PngBitDepth.Bit8, TransparentColorMode = PngTransparentColorMode.Preserve });
                break;
            }

            case "gray8":
            {
                using var image = new Image<L8>(width, height);
                Fill(image, (x, y) => new L8(Channel(x, y, 0)), expected, p => (p.PackedValue, p.PackedValue, p.PackedValue));
                image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
                break;
            }

            case "gray1":
            {
                using var image = new Image<L8>(width, height);
                Fill(image, (x, y) => new L8((byte)((x + y) % 3 == 0 ? 255 : 0)), expected, p => (p.PackedValue, p.PackedValue, p.PackedValue));
                image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit1 });
                break;
            }

            case "gray-alpha8":
            {
                using var image = new Image<La16>(width, height);
                Fill(image, (x, y) => new La16(Channel(x, y, 0), Channel(x, y, 3)), expected, p => (p.L, p.L, p.L));
                image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha, BitDepth = PngBitDepth.Bit8, TransparentColorMode = PngTransparentColorMode.Preserve });
                break;
            }

            case "palette8" or "palette-alpha8":
            {
                // The quantizer picks the palette, so the expected pixels are whatever the file holds: only agreement is checked.
                using var image = new Image<Rgba32>(width, height);
                bool alpha = variant == "palette-alpha8";
                Fill(image, (x, y) => new Rgba32(Channel(x, y, 0), Channel(x, y, 1), Channel(x, y, 2), alpha ? (byte)(x % 4 * 85) : (byte)255), expected, p => (p.R, p.G, p.B));
                image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Palette, BitDepth = PngBitDepth.Bit8 });
                expected = null;
                break;
            }

            case "rgb16" or "rgba16" or "gray16":
            {
                // Arbitrary 16-bit values (not k·257): how a decoder takes them to 8 bits shows.
                using var image = new Image<Rgba64>(width, height);
                Fill(image, (x, y) => new Rgba64(Wide(x, y, 0), Wide(x, y, 1), Wide(x, y, 2), Wide(x, y, 3)), expected, p => ((byte)(p.R >> 8), (byte)(p.G >> 8), (byte)(p.B >> 8)));
                (PngColorType type, byte[]? exact) = variant switch
                {
                    "rgb16" => (PngColorType.Rgb, expected),
                    "rgba16" => (PngColorType.RgbWithAlpha, expected),
                    _ => (PngColorType.Grayscale, null), // the encoder's own luminance: agreement only
                };
                image.SaveAsPng(stream, new PngEncoder { ColorType = type, BitDepth = PngBitDepth.Bit16, TransparentColorMode = PngTransparentColorMode.Preserve });
                expected = exact;
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(variant), variant, null);
        }

        return (stream.ToArray(), expected);
    }

    private static void Fill<TPixel>(Image<TPixel> image, Func<int, int, TPixel> pixel, byte[] rgb, Func<TPixel, (byte R, byte G, byte B)> channels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                TPixel p = pixel(x, y);
                image[x, y] = p;
                (byte r, byte g, byte b) = channels(p);
                int o = ((y * image.Width) + x) * 3;
                (rgb[o], rgb[o + 1], rgb[o + 2]) = (r, g, b);
            }
        }
    }

    private static byte Channel(int x, int y, int c) => (byte)((x * (31 + (c * 17))) + (y * (7 + (c * 29))) + (c * 50));

    private static ushort Wide(int x, int y, int c) => (ushort)((x * (4099 + (c * 1031))) + (y * (2053 + (c * 517))) + (c * 12345));
}
