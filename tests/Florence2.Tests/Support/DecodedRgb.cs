using Florence2.Imaging;

namespace Florence2.Tests.Support;

/// <summary>An encoded image decoded through the library's guard with one decoder, as packed RGB bytes.</summary>
internal sealed record DecodedRgb(int Width, int Height, byte[] Rgb)
{
    public static DecodedRgb Decode(IImageDecoder decoder, byte[] encoded, ImageDecodingOptions? options = null)
    {
        using PixelLease lease = new EncodedImageGuard(options ?? new ImageDecodingOptions(), decoder).Decode(encoded, CancellationToken.None);
        PixelView view = lease.View;
        (int r, int g, int b) = view.Format is RawPixelFormat.Bgr24 or RawPixelFormat.Bgra32 ? (2, 1, 0) : (0, 1, 2);
        int step = view.BytesPerPixel;
        var rgb = new byte[view.Width * view.Height * 3];
        for (int y = 0; y < view.Height; y++)
        {
            ReadOnlySpan<byte> row = view.Row(y);
            for (int x = 0; x < view.Width; x++)
            {
                int o = ((y * view.Width) + x) * 3;
                rgb[o] = row[(x * step) + r];
                rgb[o + 1] = row[(x * step) + g];
                rgb[o + 2] = row[(x * step) + b];
            }
        }

        return new DecodedRgb(view.Width, view.Height, rgb);
    }

    /// <summary>The largest and the mean absolute difference over all channels of two images of one size.</summary>
    public static (int Max, double Mean) Difference(DecodedRgb a, DecodedRgb b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        int max = 0;
        long sum = 0;
        for (int i = 0; i < a.Rgb.Length; i++)
        {
            int d = Math.Abs(a.Rgb[i] - b.Rgb[i]);
            max = Math.Max(max, d);
            sum += d;
        }

        return (max, (double)sum / a.Rgb.Length);
    }
}
