using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2;

/// <summary>An <see cref="ImageInput"/> from an ImageSharp 2 image. Thread-safe (a static helper).</summary>
public static class ImageSharpImageInput
{
    /// <summary>
    /// The pixels of <paramref name="image"/>'s first frame, copied, so later changes to the image have no effect and it
    /// may be disposed at once. (With ImageSharp 3 or later, use <c>ImageInput.FromPixels</c> with
    /// <c>image.CopyPixelDataTo(buffer)</c>.)
    /// </summary>
    /// <param name="image">The image.</param>
    /// <returns>An input that needs no decoder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ImageDecoderVersionException">The app loaded ImageSharp 3 or later.</exception>
    public static ImageInput FromImage(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ImageSharpVersion.ThrowIfIncompatible();
        return FromImageCore(image);
    }

    private static ImageInput FromImageCore(Image<Rgb24> image)
    {
        if (image.DangerousTryGetSinglePixelMemory(out Memory<Rgb24> pixels))
        {
            return ImageInput.FromPixels(new PixelMemory<Rgb24>(pixels).Memory, image.Width, image.Height, RawPixelFormat.Rgb24);
        }

        var copy = new byte[checked(image.Width * image.Height * 3)];
        image.CopyPixelDataTo(copy);
        return ImageInput.FromPixels(copy, image.Width, image.Height, RawPixelFormat.Rgb24);
    }
}
