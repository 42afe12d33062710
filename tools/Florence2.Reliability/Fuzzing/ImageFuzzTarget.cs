using System.Buffers.Binary;
using Florence2.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// Fuzzes <see cref="ImageInput"/> and the decode + preprocess path (<see cref="ImagePreprocessor"/>: guarded decoding,
/// Pillow bicubic resize, normalization) with JPEG, PNG, GIF and BMP files made here and then changed
/// (<see cref="ImageCaseFamily"/>): mutated (bit flips, interesting bytes, truncation, cut and duplicated ranges, header
/// fields set to zero, huge or random values); given metadata bombs (<see cref="MetadataBombs"/>); cut at a random
/// offset; or with the PNG's compressed image data cut, shortened or damaged. Also raw pixel buffers with wrong
/// geometry. Inputs arrive as bytes, a stream, a stream that cannot seek, a file, or a FIFO (one that never ends, too).
/// Checked: the only exceptions are <see cref="InvalidImageException"/> and, for raw buffers and empty data, the
/// ArgumentException family documented by <see cref="ImageInput"/>; a cut or incomplete image and an endless pipe are
/// refused; a decoded image gives a finite tensor; an input allocates at most 200 MiB (<see cref="AllocationLimit"/>;
/// the runner also bounds its CPU time).
/// </summary>
internal sealed class ImageFuzzTarget : FuzzTarget<ImageInputCase>, IDisposable
{
    // The decoding limits of the fuzz runs: a header mutated to a large but allowed size must not make a legitimate
    // decode that costs seconds (MaxPixels), and an endless pipe is cut off soon (MaxEncodedBytes; every file made
    // here is under 2.2 MB).
    private static ImageDecodingOptions FuzzLimits() => new()
    {
        MaxPixels = 2048 * 2048,
        MaxEncodedBytes = 4L << 20,
    };

    private const long EndlessPipeBytes = 8L << 20;

    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40];
    private static readonly int[] HugeValues = [0, 1, -1, 65535, 65536, 0x7FFF, 0x8000, int.MaxValue, int.MinValue, 1 << 20, 100000];

    private readonly List<byte[]> _seeds = [];
    private readonly List<byte[]> _pngSeeds = [];
    private readonly List<byte[]> _jpegSeeds = [];
    private readonly MetadataBombs _bombs = new();
    private readonly ImagePreprocessor _small;
    private readonly ImagePreprocessor _smallAllFormats;
    private readonly ImagePreprocessor _full;
    private readonly float[] _smallTensor;
    private readonly float[] _fullTensor;
    private readonly string _directory;

    /// <summary>Creates the target; encoded images go through <paramref name="decoder"/> (default: the ImageSharp decoder).</summary>
    public ImageFuzzTarget(IImageDecoder? decoder = null)
    {
        decoder ??= new ImageSharpImageDecoder();
        var seedRandom = new Random(20261127);
        foreach (var (width, height) in new[] { (1, 1), (17, 9), (64, 48), (300, 200), (8, 120) })
        {
            using var image = new Image<Rgb24>(width, height);
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    image[x, y] = new Rgb24((byte)seedRandom.Next(256), (byte)(x * 7), (byte)(y * 13));
                }
            }

            foreach (IImageEncoder encoder in new IImageEncoder[]
            {
                new JpegEncoder { Quality = 80 },
                new JpegEncoder { Quality = 30, ColorType = JpegColorType.Luminance },
                new PngEncoder(),
                new PngEncoder { ColorType = PngColorType.Palette, InterlaceMethod = PngInterlaceMode.Adam7 },
                new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha, BitDepth = PngBitDepth.Bit16 },
                new GifEncoder(),
                new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
                new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 },
            })
            {
                using var stream = new MemoryStream();
                image.Save(stream, encoder);
                byte[] seed = stream.ToArray();
                _seeds.Add(seed);
                (encoder is PngEncoder ? _pngSeeds : encoder is JpegEncoder ? _jpegSeeds : []).Add(seed);
            }
        }

        var small = new ImagePreprocessingSettings
        {
            TargetWidth = 48,
            TargetHeight = 40,
            Mean = [0.485, 0.456, 0.406],
            Std = [0.229, 0.224, 0.225],
            RescaleFactor = 1.0 / 255.0,
            DoResize = true,
            DoRescale = true,
            DoNormalize = true,
        };
        var allFormats = FuzzLimits();
        allFormats.AllowedFormats = ImageFormats.Jpeg | ImageFormats.Png | ImageFormats.Gif | ImageFormats.Bmp;
        _small = new ImagePreprocessor(small, FuzzLimits(), decoder);
        _smallAllFormats = new ImagePreprocessor(small, allFormats, decoder);
        _full = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, allFormats, decoder);
        _smallTensor = new float[_small.TensorLength];
        _fullTensor = new float[_full.TensorLength];
        _directory = Path.Combine(Path.GetTempPath(), "florence2-fuzz-image", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public override string Name => "image";

    /// <summary>200 MiB of managed allocation per input: issue 12's budget for any image file of at most 2 MB.</summary>
    public override long? AllocationLimit => 200L << 20;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    protected override ImageInputCase Generate(Random random)
    {
        int family = random.Next(100);
        if (family < 10)
        {
            return RawCase(random);
        }

        bool allFormats = random.Next(4) != 0;
        var (bytes, familyKind, detail, mustBeRefused) = family switch
        {
            < 25 => MetadataCase(random),
            < 35 => CutCase(random),
            < 45 => ImageDataCase(random),
            _ => MutatedCase(random),
        };
        var kind = random.Next(40) switch
        {
            < 2 => ImageInputKind.File,
            < 10 => ImageInputKind.Stream,
            < 14 => ImageInputKind.UnseekableStream,
            14 when Fifo.IsSupported => ImageInputKind.Fifo,
            15 when Fifo.IsSupported => ImageInputKind.EndlessFifo,
            _ => ImageInputKind.Bytes,
        };
        bool endless = kind == ImageInputKind.EndlessFifo && bytes.Length > 0;
        bool intact = familyKind switch
        {
            ImageCaseFamily.Mutated => detail == "0 mutations",
            ImageCaseFamily.Metadata => !detail.EndsWith("mutated once", StringComparison.Ordinal),
            _ => false,
        };
        return new ImageInputCase(bytes, kind, allFormats, familyKind, detail,
            MustBeRefused: mustBeRefused || endless,
            MustBeAccepted: intact && !endless && IsAcceptedSeed(bytes, allFormats));
    }

    protected override void Execute(ImageInputCase input)
    {
        if (input.Kind is ImageInputKind.Fifo or ImageInputKind.EndlessFifo)
        {
            string fifo = Path.Combine(_directory, "input-" + Guid.NewGuid().ToString("N") + ".fifo");
            Fifo.Create(fifo);
            var writer = Fifo.StartWriter(fifo, input.Bytes, input.Kind == ImageInputKind.EndlessFifo ? EndlessPipeBytes : 0);
            try
            {
                Run(input, ImageInput.FromFile(fifo));
            }
            finally
            {
                Fifo.Finish(fifo, writer);
                File.Delete(fifo);
            }

            return;
        }

        ImageInput image = input.Kind switch
        {
            ImageInputKind.RawPixels => ImageInput.FromPixels(input.Bytes, input.Width, input.Height, input.Format, input.Stride),
            ImageInputKind.Stream => ImageInput.FromStream(new MemoryStream(input.Bytes)),
            ImageInputKind.UnseekableStream => ImageInput.FromStream(new UnseekableStream(input.Bytes)),
            ImageInputKind.File => FromFile(input.Bytes),
            _ => ImageInput.FromBytes(input.Bytes),
        };
        Run(input, image);
    }

    private void Run(ImageInputCase input, ImageInput image)
    {
        // One input in 50 goes through the real 768×768 preprocessing; the rest use a small target for speed.
        bool full = input.Bytes.Length % 50 == 0;
        var preprocessor = full ? _full : input.AllFormats ? _smallAllFormats : _small;
        var tensor = full ? _fullTensor : _smallTensor;
        ImageSize size;
        try
        {
            size = preprocessor.Preprocess(image, tensor, CancellationToken.None);
        }
        catch (InvalidImageException refusal) when (input.MustBeAccepted)
        {
            throw new InvariantViolationException("refused-" + input.Family.ToString().ToLowerInvariant(),
                $"an intact {input.Family} input was refused ({input.Detail}): {refusal.Message}");
        }

        if (input.MustBeRefused)
        {
            throw new InvariantViolationException("accepted-" + input.Family.ToString().ToLowerInvariant(),
                $"a {input.Family} input that must be refused was decoded as {size} ({input.Detail})");
        }

        InvariantViolationException.Check(size.Width > 0 && size.Height > 0, "empty-size", () => size.ToString());
        foreach (float value in tensor)
        {
            if (!float.IsFinite(value))
            {
                throw new InvariantViolationException("non-finite-tensor", "the tensor holds " + value);
            }
        }
    }

    private (byte[] Bytes, ImageCaseFamily Family, string Detail, bool MustBeRefused) MutatedCase(Random random)
    {
        byte[] bytes = (byte[])_seeds[random.Next(_seeds.Count)].Clone();
        int mutations = random.Next(100) < 5 ? 0 : random.Next(1, 5);
        for (int i = 0; i < mutations; i++)
        {
            bytes = Mutate(random, bytes);
        }

        return (bytes, ImageCaseFamily.Mutated, $"{mutations} mutations", false);
    }

    /// <summary>A PNG or JPEG seed with metadata bombs (<see cref="MetadataBombs"/>), then in one case of three mutated once.</summary>
    private (byte[] Bytes, ImageCaseFamily Family, string Detail, bool MustBeRefused) MetadataCase(Random random)
    {
        bool png = random.Next(2) == 0;
        var (bytes, detail) = png
            ? _bombs.AddToPng(random, _pngSeeds[random.Next(_pngSeeds.Count)])
            : MetadataBombs.AddToJpeg(random, _jpegSeeds[random.Next(_jpegSeeds.Count)]);
        if (random.Next(3) == 0)
        {
            bytes = Mutate(random, bytes);
            detail += "; then mutated once";
        }

        return (bytes, ImageCaseFamily.Metadata, detail, false);
    }

    /// <summary>An intact PNG or JPEG seed cut at a random offset: whatever is left, it must be refused.</summary>
    private (byte[] Bytes, ImageCaseFamily Family, string Detail, bool MustBeRefused) CutCase(Random random)
    {
        byte[] seed = random.Next(2) == 0 ? _pngSeeds[random.Next(_pngSeeds.Count)] : _jpegSeeds[random.Next(_jpegSeeds.Count)];
        int cut = random.Next(1, seed.Length);
        return (seed[..cut], ImageCaseFamily.Cut, $"cut at {cut} of {seed.Length}", true);
    }

    /// <summary>
    /// A PNG seed whose IDAT zlib stream is replaced, with valid chunk CRCs: cut at a random offset, complete but holding
    /// too few bytes, or with bytes flipped. The first two must be refused when they inflate to less than the image needs.
    /// </summary>
    private (byte[] Bytes, ImageCaseFamily Family, string Detail, bool MustBeRefused) ImageDataCase(Random random)
    {
        byte[] seed = _pngSeeds[random.Next(_pngSeeds.Count)];
        byte[] data = PngChunks.ImageData(seed);
        byte[] inflated = PngChunks.Inflate(data);
        switch (random.Next(3))
        {
            case 0:
            {
                int cut = random.Next(data.Length);
                byte[] cutData = data[..cut];
                bool incomplete = PngChunks.InflatedLength(cutData) < inflated.Length;
                return (PngChunks.WithImageData(seed, cutData), ImageCaseFamily.ImageData,
                    $"zlib stream cut at {cut} of {data.Length}", incomplete);
            }

            case 1:
            {
                int kept = random.Next(inflated.Length);
                return (PngChunks.WithImageData(seed, PngChunks.Deflate(inflated.AsSpan(0, kept))), ImageCaseFamily.ImageData,
                    $"complete zlib stream of {kept} of the {inflated.Length} bytes", true);
            }

            default:
            {
                byte[] damaged = (byte[])data.Clone();
                int flips = random.Next(1, 9);
                for (int i = 0; i < flips; i++)
                {
                    damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
                }

                return (PngChunks.WithImageData(seed, damaged), ImageCaseFamily.ImageData, $"zlib stream with {flips} bytes changed", false);
            }
        }
    }

    protected override bool IsExpected(ImageInputCase input, Exception exception) => exception switch
    {
        InvalidImageException => true,
        ArgumentException => input.Kind == ImageInputKind.RawPixels || input.Bytes.Length == 0,
        _ => false,
    };

    protected override void Save(ImageInputCase input, string pathWithoutExtension)
    {
        File.WriteAllBytes(pathWithoutExtension + ".bin", input.Bytes);
        File.WriteAllText(pathWithoutExtension + ".txt", input.Describe());
    }

    private ImageInput FromFile(byte[] bytes)
    {
        var path = Path.Combine(_directory, "input.img");
        File.WriteAllBytes(path, bytes);
        return ImageInput.FromFile(path);
    }

    /// <summary>
    /// Whether the library must decode an intact seed (with metadata or not): JPEG and PNG always, GIF and BMP when
    /// enabled, except Adam7 PNGs under 5 pixels a side, which are refused on purpose (docs/reliability.md).
    /// </summary>
    private static bool IsAcceptedSeed(byte[] bytes, bool allFormats)
    {
        bool png = bytes.Length > 33 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G';
        bool jpeg = bytes.Length > 2 && bytes[0] == 0xFF && bytes[1] == 0xD8;
        if (png)
        {
            bool interlaced = bytes[28] == 1;
            int side = Math.Min(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            return !interlaced || side >= 5;
        }

        return jpeg || allFormats;
    }

    private static ImageInputCase RawCase(Random random)
    {
        var format = (RawPixelFormat)random.Next(-1, 5);
        int width = Pick(random, 1, 64);
        int height = Pick(random, 1, 64);
        int bytesPerPixel = format is RawPixelFormat.Rgba32 or RawPixelFormat.Bgra32 ? 4 : 3;
        int stride = random.Next(4) == 0 ? Pick(random, 0, 300) : width * bytesPerPixel;
        long needed = (long)Math.Max(stride, 0) * Math.Max(height, 0);
        int length = random.Next(4) == 0 ? random.Next(0, 2000) : (int)Math.Min(needed, 1 << 20);
        var bytes = new byte[Math.Max(length, 0)];
        random.NextBytes(bytes);
        return new ImageInputCase(bytes, ImageInputKind.RawPixels, AllFormats: false, ImageCaseFamily.Raw, Width: width, Height: height, Stride: stride, Format: format);
    }

    private static int Pick(Random random, int low, int high) =>
        random.Next(6) == 0 ? HugeValues[random.Next(HugeValues.Length)] : random.Next(low, high);

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        switch (random.Next(9))
        {
            case 0: // bit flips
                for (int i = random.Next(1, 17); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1: // interesting byte values
                bytes[random.Next(bytes.Length)] = Interesting[random.Next(Interesting.Length)];
                return bytes;
            case 2: // truncation
                return bytes[..random.Next(bytes.Length)];
            case 3: // cut a range out
            {
                int start = random.Next(bytes.Length);
                int count = random.Next(1, Math.Min(64, bytes.Length - start) + 1);
                return [.. bytes[..start], .. bytes[(start + count)..]];
            }

            case 4: // duplicate a range
            {
                int start = random.Next(bytes.Length);
                int count = random.Next(1, Math.Min(256, bytes.Length - start) + 1);
                return [.. bytes[..(start + count)], .. bytes[start..]];
            }

            case 5: // bytes near the header
                bytes[random.Next(Math.Min(bytes.Length, 64))] = (byte)random.Next(256);
                return bytes;
            default: // header fields: dimensions, depth, lengths
                MutateHeaderField(random, bytes);
                return bytes;
        }
    }

    private static void MutateHeaderField(Random random, byte[] bytes)
    {
        int value = HugeValues[random.Next(HugeValues.Length)];
        if (random.Next(3) == 0)
        {
            value = random.Next();
        }

        if (bytes.Length > 24 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G')
        {
            // IHDR width (16), height (20), bit depth (24), colour type (25); or the length of a later chunk.
            int[] fields = [16, 20, 8];
            int offset = random.Next(4) == 0 ? FindPngChunkLength(random, bytes) : fields[random.Next(fields.Length)];
            if (random.Next(4) == 0 && bytes.Length > 26)
            {
                bytes[24 + random.Next(3)] = (byte)random.Next(256);
            }
            else if (offset + 4 <= bytes.Length)
            {
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset), value);
            }
        }
        else if (bytes.Length > 10 && bytes[0] == (byte)'G' && bytes[1] == (byte)'I' && bytes[2] == (byte)'F')
        {
            // Logical screen width (6) and height (8); the first image descriptor's size follows the colour table.
            int offset = random.Next(2) == 0 ? 6 + (2 * random.Next(2)) : IndexOf(bytes, 0x2C) + 5 + (2 * random.Next(2));
            if (offset > 0 && offset + 2 <= bytes.Length)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)value);
            }
        }
        else if (bytes.Length > 34 && bytes[0] == (byte)'B' && bytes[1] == (byte)'M')
        {
            // Pixel data offset (10), header size (14), width (18), height (22), bits per pixel (28), compression (30), colours used (46).
            int[] fields = [10, 14, 18, 22, 28, 30, 46, 2];
            int offset = fields[random.Next(fields.Length)];
            if (offset + 4 <= bytes.Length)
            {
                if (offset == 28)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)value);
                }
                else
                {
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
                }
            }
        }
        else if (bytes.Length > 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            // A start-of-frame (FFC0/FFC2): precision (+4), height (+5), width (+7), components (+9); or a segment length.
            int frame = Math.Max(FindMarker(bytes, 0xC0), FindMarker(bytes, 0xC2));
            int marker = random.Next(3) == 0 ? FindMarker(bytes, (byte)(0xC4 + random.Next(0x1C))) : frame;
            if (marker >= 0 && marker + 11 <= bytes.Length)
            {
                int[] fields = [2, 4, 5, 7, 9];
                int offset = marker + fields[random.Next(fields.Length)];
                if (offset == marker + 4 || offset == marker + 9)
                {
                    bytes[offset] = (byte)value;
                }
                else
                {
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), (ushort)value);
                }
            }
        }
    }

    private static int FindPngChunkLength(Random random, byte[] bytes)
    {
        // Chunks start after the 8-byte signature: length (4), type (4), data, CRC (4).
        var offsets = new List<int>();
        for (int offset = 8; offset + 8 <= bytes.Length && offsets.Count < 64;)
        {
            offsets.Add(offset);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            if (length > (uint)bytes.Length)
            {
                break;
            }

            offset += 12 + (int)length;
        }

        return offsets.Count == 0 ? 8 : offsets[random.Next(offsets.Count)];
    }

    private static int FindMarker(byte[] bytes, byte marker)
    {
        for (int i = 2; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == marker)
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOf(byte[] bytes, byte value)
    {
        // The first image descriptor follows the 13-byte GIF header (and its colour table).
        int index = bytes.Length > 13 ? Array.IndexOf(bytes, value, 13) : -1;
        return index < 0 ? -10 : index;
    }
}
