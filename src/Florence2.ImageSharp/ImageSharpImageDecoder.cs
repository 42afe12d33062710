using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

namespace Florence2;

/// <summary>
/// An <see cref="IImageDecoder"/> on SixLabors.ImageSharp 2.1 (fully managed): only the decoders of the enabled formats
/// exist in the ImageSharp configuration it uses, all with metadata reading off (text chunks, EXIF, XMP and ICC
/// profiles are never inflated), every buffer is capped by <see cref="ImageDecodingOptions.AllocationLimitMegabytes"/>,
/// only the first frame of an animation is decoded, and the size of formats the library does not read itself (GIF,
/// WebP, TIFF, PBM) is checked from the header before any pixel is decoded.
/// </summary>
/// <remarks>
/// Needs ImageSharp 2.x in the app: an app that references ImageSharp 3 or later gets
/// <see cref="ImageDecoderVersionException"/> from the constructor (use <c>Florence2.OnnxRuntime.SkiaSharp</c> there).
/// Thread-safe: one instance serves concurrent calls; it caches one ImageSharp configuration per set of limits.
/// </remarks>
public sealed class ImageSharpImageDecoder : IImageDecoder
{
    private const ImageFormats All = ImageFormats.Jpeg | ImageFormats.Png | ImageFormats.Gif | ImageFormats.Webp
        | ImageFormats.Bmp | ImageFormats.Tiff | ImageFormats.Tga | ImageFormats.Pbm;

    private readonly ConcurrentDictionary<(ImageFormats Formats, int LimitMegabytes), Configuration> _configurations = new();

    /// <summary>Creates the decoder after checking the ImageSharp version the app loaded.</summary>
    /// <exception cref="ImageDecoderVersionException">The app loaded ImageSharp 3 or later.</exception>
    public ImageSharpImageDecoder() => ImageSharpVersion.ThrowIfIncompatible();

    /// <summary>JPEG, PNG, GIF, WebP, BMP, TIFF, TGA and PBM (each still needs <see cref="ImageDecodingOptions.AllowedFormats"/>).</summary>
    public ImageFormats SupportedFormats => All;

    /// <inheritdoc/>
    public DecodedImage Decode(ReadOnlyMemory<byte> encoded, ImageFormats format, ImageDecodingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DecodeCore(encoded, format, options, cancellationToken);
    }

    // Kept out of the public method so that the version check in the constructor runs before any 2.x-only type is loaded.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DecodedImage DecodeCore(ReadOnlyMemory<byte> encoded, ImageFormats format, ImageDecodingOptions options, CancellationToken cancellationToken)
    {
        Configuration configuration = _configurations.GetOrAdd(
            (options.AllowedFormats, options.AllocationLimitMegabytes), key => CreateConfiguration(key.Formats, key.LimitMegabytes));
        using var stream = MemoryMarshal.TryGetArray(encoded, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(encoded.ToArray(), writable: false);

        // The library reads the size of PNG, JPEG, BMP and TGA itself; for the others the header says it here.
        if (format is not (ImageFormats.Png or ImageFormats.Jpeg or ImageFormats.Bmp))
        {
            IImageInfo info = Identify(configuration, stream, format);
            options.ThrowIfTooLarge(format, info.Width, info.Height);
            stream.Position = 0;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (format == ImageFormats.Png && SixteenBitPng.Is(encoded.Span))
        {
            // Rgb48 (6 bytes a pixel) keeps the samples whole; the allocation limit caps it as any other buffer.
            using Image<Rgb48> wide = Image.Load<Rgb48>(configuration, stream, CreateDecoder(format));
            return SixteenBitPng.HighBytes(wide);
        }

        Image<Rgb24> image = Image.Load<Rgb24>(configuration, stream, CreateDecoder(format));
        return Lease(image);
    }

    /// <summary>The image's pixels in place when they are one buffer (the configuration prefers that), else a copy.</summary>
    internal static DecodedImage Lease(Image<Rgb24> image)
    {
        int width = image.Width;
        int height = image.Height;
        if (image.DangerousTryGetSinglePixelMemory(out Memory<Rgb24> pixels))
        {
            return new DecodedImage(new PixelMemory<Rgb24>(pixels).Memory, width, height, width * 3, RawPixelFormat.Rgb24, image);
        }

        try
        {
            var copy = new byte[checked(width * height * 3)];
            image.CopyPixelDataTo(copy);
            return new DecodedImage(copy, width, height, width * 3, RawPixelFormat.Rgb24);
        }
        finally
        {
            image.Dispose();
        }
    }

    private static IImageInfo Identify(Configuration configuration, Stream stream, ImageFormats format)
    {
        try
        {
            // The configuration's decoders ignore metadata, so Identify reads the header only (CreateConfiguration).
            return Image.Identify(configuration, stream)
                ?? throw new InvalidImageException($"The {format} header could not be read.");
        }
        catch (Exception exception) when (exception is not (InvalidImageException or OperationCanceledException))
        {
            // Reading a header needs little memory: an out-of-memory here comes from a size field that lies (the BMP
            // decoder sizes a buffer from one and fails with "Array dimensions exceeded supported range").
            throw new InvalidImageException($"The {format} header is corrupt: {exception.Message}", exception);
        }
    }

    private static Configuration CreateConfiguration(ImageFormats allowed, int allocationLimitMegabytes)
    {
        var modules = new List<IConfigurationModule>();
        AddIfAllowed(allowed, ImageFormats.Jpeg, new JpegConfigurationModule(), modules);
        AddIfAllowed(allowed, ImageFormats.Png, new PngConfigurationModule(), modules);
        AddIfAllowed(allowed, ImageFormats.Gif, new GifConfigurationModule(), modules);
        AddIfAllowed(allowed, ImageFormats.Webp, new WebpConfigurationModule(), modules);
        AddIfAllowed(allowed, ImageFormats.Bmp, new BmpConfigurationModule(), modules);
        AddIfAllowed(allowed, ImageFormats.Tiff, new TiffConfigurationModule(), modules);
        AddIfAllowed(allowed, ImageFormats.Tga, new TgaConfigurationModule(), modules);
        AddIfAllowed(allowed, ImageFormats.Pbm, new PbmConfigurationModule(), modules);

        var configuration = new Configuration(modules.ToArray())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = allocationLimitMegabytes,
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

    private static void AddIfAllowed(ImageFormats allowed, ImageFormats flag, IConfigurationModule module, List<IConfigurationModule> modules)
    {
        if ((allowed & flag) != 0)
        {
            modules.Add(module);
        }
    }

    private static SixLabors.ImageSharp.Formats.IImageDecoder CreateDecoder(ImageFormats flag) => flag switch
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
