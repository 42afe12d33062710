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
/// Pillow bicubic resize, normalization) with JPEG, PNG, GIF and BMP files made here and then mutated: bit flips,
/// interesting bytes, truncation, cut and duplicated ranges, and header fields (width, height, bit depth, chunk
/// lengths) set to zero, huge or random values; also raw pixel buffers with wrong geometry. Checked: the only
/// exceptions are <see cref="InvalidImageException"/> and, for raw buffers and empty data, the ArgumentException
/// family documented by <see cref="ImageInput"/>; a decoded image gives a finite tensor.
/// </summary>
internal sealed class ImageFuzzTarget : FuzzTarget<ImageInputCase>, IDisposable
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40];
    private static readonly int[] HugeValues = [0, 1, -1, 65535, 65536, 0x7FFF, 0x8000, int.MaxValue, int.MinValue, 1 << 20, 100000];

    private readonly List<byte[]> _seeds = [];
    private readonly ImagePreprocessor _small;
    private readonly ImagePreprocessor _smallAllFormats;
    private readonly ImagePreprocessor _full;
    private readonly float[] _smallTensor;
    private readonly float[] _fullTensor;
    private readonly string _directory;

    public ImageFuzzTarget()
    {
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
                _seeds.Add(stream.ToArray());
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
        var allFormats = new ImageDecodingOptions
        {
            AllowedFormats = ImageFormats.Jpeg | ImageFormats.Png | ImageFormats.Gif | ImageFormats.Bmp,
        };
        _small = new ImagePreprocessor(small, new ImageDecodingOptions());
        _smallAllFormats = new ImagePreprocessor(small, allFormats);
        _full = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, allFormats);
        _smallTensor = new float[_small.TensorLength];
        _fullTensor = new float[_full.TensorLength];
        _directory = Path.Combine(Path.GetTempPath(), "florence2-fuzz-image", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public override string Name => "image";

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
        if (random.Next(10) == 0)
        {
            return RawCase(random);
        }

        byte[] bytes = (byte[])_seeds[random.Next(_seeds.Count)].Clone();
        int mutations = random.Next(100) < 5 ? 0 : random.Next(1, 5);
        for (int i = 0; i < mutations; i++)
        {
            bytes = Mutate(random, bytes);
        }

        var kind = random.Next(20) switch
        {
            0 => ImageInputKind.File,
            < 5 => ImageInputKind.Stream,
            _ => ImageInputKind.Bytes,
        };
        return new ImageInputCase(bytes, kind, AllFormats: random.Next(4) != 0);
    }

    protected override void Execute(ImageInputCase input)
    {
        ImageInput image = input.Kind switch
        {
            ImageInputKind.RawPixels => ImageInput.FromPixels(input.Bytes, input.Width, input.Height, input.Format, input.Stride),
            ImageInputKind.Stream => ImageInput.FromStream(new MemoryStream(input.Bytes)),
            ImageInputKind.File => FromFile(input.Bytes),
            _ => ImageInput.FromBytes(input.Bytes),
        };

        // One input in 50 goes through the real 768×768 preprocessing; the rest use a small target for speed.
        bool full = input.Bytes.Length % 50 == 0;
        var preprocessor = full ? _full : input.AllFormats ? _smallAllFormats : _small;
        var tensor = full ? _fullTensor : _smallTensor;
        var size = preprocessor.Preprocess(image, tensor, CancellationToken.None);
        InvariantViolationException.Check(size.Width > 0 && size.Height > 0, "empty-size", () => size.ToString());
        foreach (float value in tensor)
        {
            if (!float.IsFinite(value))
            {
                throw new InvariantViolationException("non-finite-tensor", "the tensor holds " + value);
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
        return new ImageInputCase(bytes, ImageInputKind.RawPixels, AllFormats: false, width, height, stride, format);
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
