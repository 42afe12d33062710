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
/// Decodes encoded images to RGB under the limits of <see cref="ImageDecodingOptions"/>: the format is detected from
/// its signature, refused unless enabled, the header size is checked before decoding, and only the decoders of the
/// enabled formats exist in the ImageSharp configuration used. Thread-safe: it holds only immutable state.
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
        using var stream = new MemoryStream(encoded, writable: false);
        return Decode(stream);
    }

    /// <summary>Decodes the file at <paramref name="path"/>; the caller disposes the returned image.</summary>
    public Image<Rgb24> Decode(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Decode(stream);
    }

    private Image<Rgb24> Decode(Stream stream)
    {
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

        if (flag == ImageFormats.Png)
        {
            PngChunkCheck.ThrowIfUnterminated(stream);
        }

        stream.Position = 0;
        IImageInfo info = Identify(stream, format);
        CheckSize(info.Width, info.Height, format);

        stream.Position = 0;
        try
        {
            return Image.Load<Rgb24>(_configuration, stream, CreateDecoder(flag));
        }
        catch (Exception exception) when (IsDecoderFailure(exception))
        {
            throw new InvalidImageException(
                $"The {format.Name} image ({info.Width}×{info.Height}) could not be decoded: {exception.Message}", exception);
        }
    }

    private IImageInfo Identify(Stream stream, IImageFormat format)
    {
        try
        {
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

        return new Configuration(modules.ToArray())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = options.AllocationLimitMegabytes,
            }),
            // One contiguous pixel buffer lets the resampler read the decoded image in place.
            PreferContiguousImageBuffers = true,
        };
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
