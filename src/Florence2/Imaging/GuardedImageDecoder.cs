using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Imaging;

/// <summary>
/// Decodes encoded images to RGB under the limits of <see cref="ImageDecodingOptions"/>: the encoded size is capped,
/// the format is detected from its signature and refused unless enabled, PNG and JPEG files have their structure
/// checked at the byte level (<see cref="PngStructure"/>, <see cref="PngImageData"/>, <see cref="JpegStructure"/>;
/// BMP headers by <see cref="BmpStructure"/>),
/// the declared size is checked before any pixel is decoded, and only the decoders of the enabled formats exist in the
/// ImageSharp configuration used, all with metadata reading off. Thread-safe: it holds only immutable state.
/// </summary>
internal sealed class GuardedImageDecoder
{
    private readonly ImageDecodingOptions _options;
    private readonly Configuration _configuration;

    public GuardedImageDecoder(ImageDecodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Copy();
        _configuration = CreateConfiguration(options);
    }

    /// <summary>Decodes <paramref name="encoded"/>; the caller disposes the returned image.</summary>
    public Image<Rgb24> Decode(byte[] encoded)
    {
        if (encoded.Length > _options.MaxEncodedBytes)
        {
            throw new InvalidImageException(
                $"The encoded image holds {encoded.Length:N0} bytes, more than ImageDecodingOptions.MaxEncodedBytes ({_options.MaxEncodedBytes:N0} bytes). "
                + "Raise MaxEncodedBytes to decode it.");
        }

        return DecodeChecked(encoded);
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> (up to <see cref="ImageDecodingOptions.MaxEncodedBytes"/>; pipes and
    /// devices included) and decodes it; the caller disposes the returned image.
    /// </summary>
    public Image<Rgb24> Decode(string path) => DecodeChecked(EncodedImageReader.ReadFile(path, _options.MaxEncodedBytes));

    private Image<Rgb24> DecodeChecked(byte[] encoded)
    {
        using var stream = new MemoryStream(encoded, writable: false);

        // Detection reads only the signature bytes; the full default configuration knows every signature, so the
        // error can name a format that is present but not enabled.
        IImageFormat format = Image.DetectFormat(Configuration.Default, stream)
            ?? throw new InvalidImageException(
                "The data is not an image in a format ImageSharp recognizes (JPEG, PNG, GIF, WebP, BMP, TIFF, TGA, PBM).");
        ImageFormats flag = ToFlag(format);
        if ((_options.AllowedFormats & flag) == 0)
        {
            throw new InvalidImageException(
                $"The image is {format.Name}, a format that is not enabled (enabled: {_options.AllowedFormats}). "
                + $"To decode it, add ImageFormats.{flag} to ImageDecodingOptions.AllowedFormats; do so only for trusted inputs.");
        }

        (int width, int height) = CheckStructure(encoded, flag, stream, format);
        stream.Position = 0;
        try
        {
            return Image.Load<Rgb24>(_configuration, stream, CreateDecoder(flag));
        }
        catch (Exception exception) when (IsDecoderFailure(exception))
        {
            throw new InvalidImageException(
                $"The {format.Name} image ({width}×{height}) could not be decoded: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The byte-level checks of PNG and JPEG (structure, then size, then for PNG the completeness of the compressed data,
    /// whose cost the accepted size bounds); for the other formats the decoder's header reader. Returns the size.
    /// </summary>
    private (int Width, int Height) CheckStructure(byte[] encoded, ImageFormats flag, Stream stream, IImageFormat format)
    {
        switch (flag)
        {
            case ImageFormats.Png:
                PngLayout png = PngStructure.Read(encoded);
                CheckSize(png.Width, png.Height, format);
                PngImageData.ThrowIfIncomplete(encoded, png);
                return (png.Width, png.Height);
            case ImageFormats.Jpeg:
                JpegLayout jpeg = JpegStructure.Read(encoded);
                CheckSize(jpeg.Width, jpeg.Height, format);
                return (jpeg.Width, jpeg.Height);
            default:
                if (flag == ImageFormats.Bmp)
                {
                    BmpStructure.ThrowIfOffsetOutsideFile(encoded);
                }

                stream.Position = 0;
                IImageInfo info = Identify(stream, format);
                CheckSize(info.Width, info.Height, format);
                return (info.Width, info.Height);
        }
    }

    private IImageInfo Identify(Stream stream, IImageFormat format)
    {
        try
        {
            // The configuration's decoders ignore metadata, so Identify reads the header only (CreateConfiguration).
            return Image.Identify(_configuration, stream)
                ?? throw new InvalidImageException($"The {format.Name} header could not be read.");
        }
        catch (Exception exception) when (IsDecoderFailure(exception) || exception is OutOfMemoryException)
        {
            // Reading a header needs little memory: an out-of-memory here comes from a size field that lies (the BMP
            // decoder sizes a buffer from one and fails with "Array dimensions exceeded supported range").
            throw new InvalidImageException($"The {format.Name} header is corrupt: {exception.Message}", exception);
        }
    }

    private void CheckSize(int width, int height, IImageFormat format)
    {
        if (width <= 0 || height <= 0)
        {
            throw new InvalidImageException($"The {format.Name} header declares an empty image ({width}×{height}).");
        }

        long pixels = (long)width * height;
        if (pixels > _options.MaxPixels)
        {
            throw new InvalidImageException(
                $"The {format.Name} image declares {width}×{height} = {pixels:N0} pixels, more than "
                + $"ImageDecodingOptions.MaxPixels ({_options.MaxPixels:N0}). Downscale it first or raise MaxPixels.");
        }

        // The decoded image is one contiguous RGB buffer (PreferContiguousImageBuffers), which the allocator would
        // refuse anyway; refusing here also spares the work before it (the PNG data check inflates the whole image).
        long rgbBytes = pixels * 3;
        if (rgbBytes > (long)_options.AllocationLimitMegabytes << 20)
        {
            throw new InvalidImageException(
                $"The {format.Name} image declares {width}×{height} pixels, whose RGB buffer ({rgbBytes:N0} bytes) exceeds "
                + $"ImageDecodingOptions.AllocationLimitMegabytes ({_options.AllocationLimitMegabytes} MB). Downscale it first or raise the limit.");
        }
    }

    // Decoders of malformed input fail with many exception types (format errors, allocation limits, index errors
    // in decoder code); all of them mean "this image cannot be used". Cancellation and real out-of-memory pass.
    private static bool IsDecoderFailure(Exception exception) =>
        exception is not (OperationCanceledException or OutOfMemoryException or InvalidImageException);

    private static Configuration CreateConfiguration(ImageDecodingOptions options)
    {
        var modules = new List<IConfigurationModule>();
        AddIfAllowed(options, ImageFormats.Jpeg, new JpegConfigurationModule(), modules);
        AddIfAllowed(options, ImageFormats.Png, new PngConfigurationModule(), modules);
        AddIfAllowed(options, ImageFormats.Gif, new GifConfigurationModule(), modules);
        AddIfAllowed(options, ImageFormats.Webp, new WebpConfigurationModule(), modules);
        AddIfAllowed(options, ImageFormats.Bmp, new BmpConfigurationModule(), modules);
        AddIfAllowed(options, ImageFormats.Tiff, new TiffConfigurationModule(), modules);
        AddIfAllowed(options, ImageFormats.Tga, new TgaConfigurationModule(), modules);
        AddIfAllowed(options, ImageFormats.Pbm, new PbmConfigurationModule(), modules);

        var configuration = new Configuration(modules.ToArray())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = options.AllocationLimitMegabytes,
            }),
            // One contiguous pixel buffer lets the resampler read the decoded image in place.
            PreferContiguousImageBuffers = true,
        };

        // The modules register decoders that read metadata, and Image.Identify uses those: ImageSharp 2.1.13's PNG
        // decoder then inflates zTXt/iTXt text without a limit (a 1 MB file held 1 GB of text). Replace each with one
        // that ignores metadata, as the decoders used for the pixels do.
        foreach (IImageFormat format in configuration.ImageFormats)
        {
            configuration.ImageFormatsManager.SetDecoder(format, CreateDecoder(ToFlag(format)));
        }

        return configuration;
    }

    private static void AddIfAllowed(
        ImageDecodingOptions options, ImageFormats flag, IConfigurationModule module, List<IConfigurationModule> modules)
    {
        if ((options.AllowedFormats & flag) != 0)
        {
            modules.Add(module);
        }
    }

    private static IImageDecoder CreateDecoder(ImageFormats flag) => flag switch
    {
        ImageFormats.Jpeg => new JpegDecoder { IgnoreMetadata = true },
        ImageFormats.Png => new PngDecoder { IgnoreMetadata = true },
        ImageFormats.Gif => new GifDecoder { IgnoreMetadata = true, DecodingMode = FrameDecodingMode.First },
        ImageFormats.Webp => new WebpDecoder { IgnoreMetadata = true },
        ImageFormats.Bmp => new BmpDecoder(),
        ImageFormats.Tiff => new TiffDecoder { IgnoreMetadata = true, DecodingMode = FrameDecodingMode.First },
        ImageFormats.Tga => new TgaDecoder(),
        ImageFormats.Pbm => new PbmDecoder(),
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "Expected exactly one image format."),
    };

    private static ImageFormats ToFlag(IImageFormat format) => format switch
    {
        JpegFormat => ImageFormats.Jpeg,
        PngFormat => ImageFormats.Png,
        GifFormat => ImageFormats.Gif,
        WebpFormat => ImageFormats.Webp,
        BmpFormat => ImageFormats.Bmp,
        TiffFormat => ImageFormats.Tiff,
        TgaFormat => ImageFormats.Tga,
        PbmFormat => ImageFormats.Pbm,
        _ => throw new InvalidImageException($"The image format {format.Name} is not supported."),
    };
}
