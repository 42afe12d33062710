using System.Globalization;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// One image-loader input: encoded bytes (a seed image, mutated or given metadata, cut or with its compressed data
/// replaced) and how they are handed over, or a raw pixel buffer with its declared geometry.
/// </summary>
/// <param name="Bytes">The encoded image, or the raw pixels.</param>
/// <param name="Kind">How the bytes reach the library.</param>
/// <param name="AllFormats">Whether GIF and BMP are enabled besides JPEG and PNG.</param>
/// <param name="Family">How the bytes were made.</param>
/// <param name="Detail">What was done to the seed, for the saved description.</param>
/// <param name="MustBeRefused">The bytes are a cut or incomplete image (or an endless pipe): decoding them is a failure.</param>
/// <param name="MustBeAccepted">The bytes are an intact seed the library accepts, perhaps with metadata added: refusing them is a failure.</param>
internal sealed record ImageInputCase(
    byte[] Bytes,
    ImageInputKind Kind,
    bool AllFormats,
    ImageCaseFamily Family = ImageCaseFamily.Mutated,
    string Detail = "",
    bool MustBeRefused = false,
    bool MustBeAccepted = false,
    int Width = 0,
    int Height = 0,
    int Stride = 0,
    RawPixelFormat Format = RawPixelFormat.Rgb24)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"kind: {Kind}, all formats: {AllFormats}, family: {Family}, must be refused: {MustBeRefused}, must be accepted: {MustBeAccepted}, bytes: {Bytes.Length}, "
        + $"raw geometry: {Width}x{Height} stride {Stride} {Format}\n{Detail}\n");
}

/// <summary>How an <see cref="ImageInputCase"/> reaches the library.</summary>
internal enum ImageInputKind
{
    Bytes,
    Stream,
    File,
    RawPixels,

    /// <summary><c>ImageInput.FromStream</c> with a stream that cannot seek or tell its length.</summary>
    UnseekableStream,

    /// <summary><c>ImageInput.FromFile</c> with a named pipe that a writer thread fills.</summary>
    Fifo,

    /// <summary>A FIFO whose writer sends the bytes and then zeros until the reader stops (a pipe that never ends).</summary>
    EndlessFifo,
}

/// <summary>How the bytes of an <see cref="ImageInputCase"/> were made from a seed.</summary>
internal enum ImageCaseFamily
{
    /// <summary>Bit flips, interesting bytes, cuts, duplicated ranges, header fields.</summary>
    Mutated,

    /// <summary>Metadata chunks or segments added (compressed bombs, amplifying EXIF, large ICC/XMP), maybe then mutated.</summary>
    Metadata,

    /// <summary>A JPEG or PNG cut at a random offset.</summary>
    Cut,

    /// <summary>A PNG whose IDAT zlib stream was cut, shortened (complete but too short) or damaged, with valid CRCs.</summary>
    ImageData,

    /// <summary>A raw pixel buffer.</summary>
    Raw,
}
