using System.Globalization;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// One image-loader input: encoded bytes (mutated from a seed image) and how they are handed over, or a raw pixel
/// buffer with its declared geometry.
/// </summary>
internal sealed record ImageInputCase(byte[] Bytes, ImageInputKind Kind, bool AllFormats, int Width = 0, int Height = 0, int Stride = 0, RawPixelFormat Format = RawPixelFormat.Rgb24)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"kind: {Kind}, all formats: {AllFormats}, bytes: {Bytes.Length}, raw geometry: {Width}x{Height} stride {Stride} {Format}\n");
}

/// <summary>How an <see cref="ImageInputCase"/> reaches the library.</summary>
internal enum ImageInputKind
{
    Bytes,
    Stream,
    File,
    RawPixels,
}
