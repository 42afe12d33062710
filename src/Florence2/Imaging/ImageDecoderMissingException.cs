namespace Florence2;

/// <summary>
/// An encoded image (file, stream or bytes) reached a model that has no <see cref="IImageDecoder"/>. The library decodes
/// through a decoder package; raw pixels (<see cref="ImageInput.FromPixels"/>) need none.
/// </summary>
public sealed class ImageDecoderMissingException : Florence2Exception
{
    /// <summary>The text of every instance: what is missing and the line that adds it.</summary>
    internal const string Text =
        "An encoded image (ImageInput.FromFile, FromStream or FromBytes) needs an image decoder, and none is configured. "
        + "Add the package Florence2.OnnxRuntime.SkiaSharp and set Florence2ModelOptions.ImageDecoder = new SkiaSharpImageDecoder() "
        + "(in a host: services.AddFlorence2(...).UseSkiaSharp()), or the package Florence2.OnnxRuntime.ImageSharp with "
        + "new ImageSharpImageDecoder() (.UseImageSharp()). Raw pixels (ImageInput.FromPixels) need no decoder.";

    /// <summary>Creates the exception with the standard message.</summary>
    public ImageDecoderMissingException() : base(Text) { }
}
