using Florence2.Imaging;
using Florence2.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Reliability;

/// <summary>
/// The image rows of the bad-input matrix (docs/reliability.md). Refusals assert the exception type and that the
/// message names the problem; accepted inputs assert the reported size and decoded pixel values. Every row runs with
/// each decoder package (the nested classes at the end), since both must keep every guarantee (issue 16).
/// </summary>
public abstract class ImageInputMatrixTests(IImageDecoder decoder) : IDisposable
{
    // ImageNet statistics (spec section 4), used to compute expected tensor values independently of the library.
    private static readonly double[] Mean = [0.485, 0.456, 0.406];
    private static readonly double[] Std = [0.229, 0.224, 0.225];
    private const int Target = 16;

    private readonly string _directory = Directory.CreateTempSubdirectory("florence2-images-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Empty_bytes_are_refused_when_the_input_is_created()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(ReadOnlyMemory<byte>.Empty));

        Assert.Contains("empty (0 bytes)", e.Message, StringComparison.Ordinal);
        Assert.Equal("encoded", e.ParamName);
    }

    [Fact]
    public void An_empty_stream_is_refused_when_the_input_is_created()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageInput.FromStream(new MemoryStream()));

        Assert.Contains("empty (0 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_not_an_image()
    {
        var path = Path.Combine(_directory, "empty.png");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromFile(path)));

        Assert.Contains("not an image in a format the library recognizes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_directory, "nope.jpg");

        var e = Assert.Throws<FileNotFoundException>(() => ImageInput.FromFile(path));

        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void A_truncated_jpeg_is_an_invalid_image_naming_the_format()
    {
        var jpeg = Jpeg(Pattern(64, 48));

        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromBytes(jpeg.AsMemory(0, 200))));

        Assert.Contains("JPEG", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_with_a_corrupt_body_is_an_invalid_image_with_its_size()
    {
        var png = Png(Pattern(64, 48));
        // Keep the signature and IHDR (33 bytes), scramble everything after.
        var random = new Random(5);
        for (var i = 41; i < png.Length - 12; i++)
        {
            png[i] = (byte)random.Next(256);
        }

        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromBytes(png)));

        Assert.Contains("PNG", e.Message, StringComparison.Ordinal);
        Assert.Contains("64×48", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_is_not_an_image()
    {
        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromBytes("%PDF-1.7 not really an image"u8.ToArray())));

        Assert.Contains("JPEG, PNG", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_extension_does_not_matter_the_signature_does()
    {
        using var image = Uniform(20, 10, new Rgb24(10, 200, 30));
        var path = Path.Combine(_directory, "really-a-png.jpg");
        File.WriteAllBytes(path, Png(image));

        var (size, tensor) = Preprocess(ImageInput.FromFile(path));

        Assert.Equal(new ImageSize(20, 10), size);
        AssertUniform(tensor, new Rgb24(10, 200, 30));
    }

    [Fact]
    public void A_gif_is_refused_by_default_naming_the_flag_to_enable_it()
    {
        using var image = Uniform(8, 8, new Rgb24(1, 2, 3));
        using var gif = new MemoryStream();
        image.SaveAsGif(gif);

        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromBytes(gif.ToArray())));

        Assert.Contains("GIF", e.Message, StringComparison.Ordinal);
        Assert.Contains("ImageFormats.Gif", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_claiming_100000_by_100000_is_refused_before_decoding()
    {
        var bomb = CraftedImages.PngClaiming(100_000, 100_000);
        Assert.True(bomb.Length < 200, $"the crafted file is {bomb.Length} bytes");

        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromBytes(bomb)));

        Assert.Contains("100000×100000", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPixels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_whose_compressed_data_ends_early_is_refused_naming_how_much_is_missing()
    {
        // ImageSharp 2.1.13 fills the rows the data does not cover with black; Pillow raises "image file is truncated".
        // The IDAT zlib stream here is complete but holds 64 of the 200 × (1 + 300 × 3) = 180,200 bytes needed.
        var liar = CraftedImages.PngClaiming(300, 200);

        var e = Assert.Throws<InvalidImageException>(() => Decode(liar).Dispose());

        Assert.Contains("300×200", e.Message, StringComparison.Ordinal);
        Assert.Contains("64 of the 180,200 bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_png_whose_zlib_stream_is_cut_is_refused_naming_where_the_data_ends(double kept)
    {
        // The chunks are intact (IDAT length and CRC fit its shortened data): only the compressed stream is cut.
        var png = Png(Pattern(64, 48));
        var data = CraftedImages.ImageData(png);
        var cut = CraftedImages.PngWithImageData(png, data[..(int)(data.Length * kept)]);

        var e = Assert.Throws<InvalidImageException>(() => Decode(cut).Dispose());

        Assert.Contains("64×48", e.Message, StringComparison.Ordinal);
        Assert.Contains("ends early", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_whose_image_data_chunks_are_interrupted_is_refused_naming_the_chunk()
    {
        // The IDAT chunks must be consecutive (PNG section 5.6); Pillow stops reading at the first other chunk.
        var png = Png(Pattern(64, 48));
        var data = CraftedImages.ImageData(png);
        var split = CraftedImages.PngWithImageData(png, data[..(data.Length / 2)]);
        int iend = split.Length - 12;
        using var rebuilt = new MemoryStream();
        rebuilt.Write(split, 0, iend);
        PngChunkWriter.Write(rebuilt, "tEXt", [.. "Comment"u8, 0, .. "between"u8]);
        PngChunkWriter.Write(rebuilt, "IDAT", data[(data.Length / 2)..]);
        rebuilt.Write(split, iend, 12);
        int secondImageData = iend + 12 + 15;

        var e = Assert.Throws<InvalidImageException>(() => Decode(rebuilt.ToArray()).Dispose());

        Assert.Contains($"IDAT chunk at offset {secondImageData}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_whose_compressed_data_is_damaged_is_refused()
    {
        var png = Png(Pattern(64, 48));
        var data = CraftedImages.ImageData(png);
        for (var i = 2; i < data.Length; i += 7)
        {
            data[i] ^= 0x5A;
        }

        var e = Assert.Throws<InvalidImageException>(() => Decode(CraftedImages.PngWithImageData(png, data)).Dispose());

        Assert.Contains("64×48", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.35)]
    [InlineData(0.7)]
    [InlineData(0.99)]
    public void A_cut_jpeg_is_refused_naming_the_offset_where_its_data_ends(double kept)
    {
        // ImageSharp 2.1.13 decodes a JPEG cut inside its scan data (grey or repeated rows); Pillow refuses it.
        var jpeg = Jpeg(Pattern(256, 192));
        var cut = (int)(jpeg.Length * kept);
        Assert.True(cut > ScanStart(jpeg), "the cut must fall inside the scan data");

        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromBytes(jpeg.AsMemory(0, cut))));

        Assert.Contains("JPEG (256×192) is truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {cut:N0}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_without_its_end_marker_is_refused()
    {
        var jpeg = Jpeg(Pattern(64, 48));
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);

        var e = Assert.Throws<InvalidImageException>(() => Preprocess(ImageInput.FromBytes(jpeg.AsMemory(0, jpeg.Length - 2))));

        Assert.Contains("EOI", e.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {jpeg.Length - 2:N0}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_jpeg_end_marker_are_ignored()
    {
        using var image = Uniform(16, 8, new Rgb24(200, 100, 50));
        var jpeg = Jpeg(image);

        var (size, _) = Preprocess(ImageInput.FromBytes((byte[])[.. jpeg, .. "trailing junk"u8]));

        Assert.Equal(new ImageSize(16, 8), size);
    }

    [Theory]
    [InlineData("zTXt")]
    [InlineData("iTXt")]
    [InlineData("iCCP")]
    public void A_png_whose_metadata_inflates_to_1_gib_is_decoded_without_inflating_it(string chunk)
    {
        // Found in issue 12: the header check (ImageSharp's Identify with its default decoders) inflated zTXt and iTXt
        // text, 15–36 s and up to 3 GB for a file of a few hundred KB. The model needs no metadata, so none is read.
        using var image = Uniform(16, 16, new Rgb24(10, 200, 30));
        var bomb = CraftedImages.PngWithCompressedMetadata(Png(image), chunk, 1L << 30);
        Assert.InRange(bomb.Length, 1, 2_000_000);
        var input = ImageInput.FromBytes(bomb);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var (size, tensor) = Preprocess(input);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(new ImageSize(16, 16), size);
        AssertUniform(tensor, new Rgb24(10, 200, 30));
        Assert.True(allocated < 200L << 20, $"decoding allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Large_jpeg_metadata_is_skipped_without_being_read()
    {
        // EXIF whose 5,000 entries all point at one 4 KB blob, a 2 MB ICC profile in 31 APP2 segments, 64 KB of XMP.
        using var image = Uniform(16, 16, new Rgb24(250, 128, 0));
        var jpeg = CraftedImages.JpegWithSegments(Jpeg(image),
        [
            (0xE1, CraftedImages.AmplifyingExif()),
            (0xE1, CraftedImages.LargeXmp()),
            .. CraftedImages.IccSegments(2_000_000),
        ]);
        var input = ImageInput.FromBytes(jpeg);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var (size, _) = Preprocess(input);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(new ImageSize(16, 16), size);
        // The file itself is 2.1 MB: reading the metadata would copy it at least once, and the EXIF values 5,000 times.
        Assert.True(allocated < jpeg.Length, $"decoding allocated {allocated:N0} bytes for a {jpeg.Length:N0}-byte file");
    }

    [Fact]
    public void A_1x1_image_fills_the_whole_tensor_with_its_colour()
    {
        using var image = Uniform(1, 1, new Rgb24(10, 200, 30));

        var (size, tensor) = Preprocess(ImageInput.FromBytes(Png(image)));

        Assert.Equal(new ImageSize(1, 1), size);
        AssertUniform(tensor, new Rgb24(10, 200, 30));
    }

    [Fact]
    public void A_1x20000_image_is_accepted_with_its_size()
    {
        using var image = Uniform(1, 20_000, new Rgb24(250, 128, 0));

        var (size, tensor) = Preprocess(ImageInput.FromBytes(Png(image)));

        Assert.Equal(new ImageSize(1, 20_000), size);
        AssertUniform(tensor, new Rgb24(250, 128, 0));
    }

    [Theory]
    [InlineData(1, 100_000)]
    [InlineData(1, 1_000_000)]
    [InlineData(2, 400_000)]
    public void An_image_too_tall_to_resize_cheaply_is_refused_before_the_resize_naming_its_shape(int width, int height)
    {
        // A few KB of PNG, within MaxPixels: resizing 1 × 100,000 pixels to 768 × 768 took 1.56 s of CPU and 261 MiB,
        // and 1 × 1,000,000 overflowed the resampler's buffer with an untyped OverflowException.
        using var image = Uniform(width, height, new Rgb24(250, 128, 0));
        var png = Png(image);
        Assert.True(png.Length < 20_000);

        var florence2 = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, new ImageDecodingOptions(), decoder);
        var tensor = new float[florence2.TensorLength];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidImageException>(() => florence2.Preprocess(ImageInput.FromBytes(png), tensor, CancellationToken.None));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains($"{width}×{height}", error.Message, StringComparison.Ordinal);
        Assert.Contains("resize", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L << 20, $"refusing it allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_grayscale_png_becomes_equal_rgb_channels()
    {
        using var image = new Image<L8>(6, 4, new L8(77));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });

        using var decoded = Decode(stream.ToArray());

        Assert.Equal((6, 4), (decoded.Width, decoded.Height));
        Assert.Equal(new Rgb24(77, 77, 77), decoded[5, 3]);
    }

    [Fact]
    public void A_16_bit_png_is_scaled_to_8_bits()
    {
        // k·257 is the exact 16-bit form of the 8-bit value k: both ImageSharp's rounding and Pillow's high-byte
        // truncation give k back.
        using var image = new Image<Rgb48>(3, 2, new Rgb48(0x12 * 257, 0xAB * 257, 0xFE * 257));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 });
        Assert.Equal(PngBitDepth.Bit16, Image.Identify(stream.ToArray()).Metadata.GetPngMetadata().BitDepth);

        using var decoded = Decode(stream.ToArray());

        Assert.Equal(new Rgb24(0x12, 0xAB, 0xFE), decoded[2, 1]);
    }

    [Fact]
    public void A_cmyk_jpeg_is_converted_to_rgb()
    {
        // Adobe-inverted ink: 255 is no ink. Left block: no ink → white; right block: full cyan → (0, 255, 255);
        // bottom-left: full black → (0, 0, 0). RGB = stored C·K/255, stored M·K/255, stored Y·K/255.
        var jpeg = CraftedImages.AdobeCmykJpeg(2, 2, (bx, by) => (bx, by) switch
        {
            (0, 0) => (255, 255, 255, 255),
            (1, 0) => (0, 255, 255, 255),
            (0, 1) => (255, 255, 255, 0),
            _ => (255, 0, 255, 255),
        });
        Assert.Equal(JpegColorType.Cmyk, Image.Identify(jpeg).Metadata.GetJpegMetadata().ColorType);

        using var decoded = Decode(jpeg);

        Assert.Equal((16, 16), (decoded.Width, decoded.Height));
        AssertNear(new Rgb24(255, 255, 255), decoded[3, 3]);
        AssertNear(new Rgb24(0, 255, 255), decoded[12, 3]);
        AssertNear(new Rgb24(0, 0, 0), decoded[3, 12]);
        AssertNear(new Rgb24(255, 0, 255), decoded[12, 12]);
    }

    [Fact]
    public void Exif_orientation_is_ignored_as_pillow_image_open_does()
    {
        using var image = Pattern(32, 16);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6); // "rotate 90° clockwise to display"
        var jpeg = Jpeg(image);
        Assert.Equal((ushort)6, Image.Identify(jpeg).Metadata.ExifProfile!.GetValue(ExifTag.Orientation)!.Value);

        var (size, _) = Preprocess(ImageInput.FromBytes(jpeg));

        Assert.Equal(new ImageSize(32, 16), size); // not 16×32: the stored pixel grid is used as it is
    }

    [Fact]
    public void An_animated_gif_uses_its_first_frame_when_gif_is_enabled()
    {
        using var first = Uniform(8, 8, new Rgb24(255, 0, 0));
        using var second = Uniform(8, 8, new Rgb24(0, 0, 255));
        first.Frames.AddFrame(second.Frames.RootFrame);
        using var gif = new MemoryStream();
        first.SaveAsGif(gif, new GifEncoder());
        Assert.Equal(2, Image.Load(gif.ToArray()).Frames.Count);

        using var decoded = Decode(gif.ToArray(), new ImageDecodingOptions { AllowedFormats = ImageFormats.Gif });

        Assert.Equal(1, decoded.Frames.Count);
        Assert.Equal(new Rgb24(255, 0, 0), decoded[4, 4]);
    }

    [Fact]
    public void A_png_with_alpha_keeps_its_colour_and_drops_the_alpha()
    {
        using var image = new Image<Rgba32>(4, 4, new Rgba32(40, 80, 120, 0)); // fully transparent
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

        using var decoded = Decode(stream.ToArray());

        Assert.Equal(new Rgb24(40, 80, 120), decoded[1, 1]); // not composited onto white or black
    }

    private (ImageSize Size, float[] Tensor) Preprocess(ImageInput input)
    {
        var preprocessor = new ImagePreprocessor(
            ImagePreprocessingSettings.Florence2Default with { TargetWidth = Target, TargetHeight = Target }, new ImageDecodingOptions(), decoder);
        var tensor = new float[preprocessor.TensorLength];
        var size = preprocessor.Preprocess(input, tensor, CancellationToken.None);
        return (size, tensor);
    }

    private Image<Rgb24> Decode(byte[] encoded, ImageDecodingOptions? options = null)
    {
        // Packed RGB whatever layout the decoder returns (ImageSharp: RGB rows; SkiaSharp: RGBA rows).
        var decoded = DecodedRgb.Decode(decoder, encoded, options);
        return Image.LoadPixelData<Rgb24>(decoded.Rgb, decoded.Width, decoded.Height);
    }

    private static void AssertUniform(float[] tensor, Rgb24 colour)
    {
        byte[] channels = [colour.R, colour.G, colour.B];
        var plane = Target * Target;
        for (var c = 0; c < 3; c++)
        {
            var expected = ((channels[c] / 255.0) - Mean[c]) / Std[c];
            for (var i = 0; i < plane; i++)
            {
                Assert.Equal(expected, tensor[(c * plane) + i], 4);
            }
        }
    }

    // The crafted JPEG's blocks are flat, so the IDCT reproduces them up to float rounding.
    private static void AssertNear(Rgb24 expected, Rgb24 actual)
    {
        Assert.InRange(Math.Abs(expected.R - actual.R), 0, 1);
        Assert.InRange(Math.Abs(expected.G - actual.G), 0, 1);
        Assert.InRange(Math.Abs(expected.B - actual.B), 0, 1);
    }

    private static Image<Rgb24> Uniform(int width, int height, Rgb24 colour) => new(width, height, colour);

    private static Image<Rgb24> Pattern(int width, int height) => Imaging.TestImages.MakePattern(width, height);

    private static byte[] Png(Image<Rgb24> image) => Imaging.TestImages.EncodePng(image);

    /// <summary>Offset of the first byte after the SOS segment: where the entropy-coded data begins.</summary>
    private static int ScanStart(byte[] jpeg)
    {
        for (var i = 2; i + 3 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA)
            {
                return i + 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
            }
        }

        throw new ArgumentException("no SOS marker", nameof(jpeg));
    }

    private static byte[] Jpeg(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    /// <summary>The matrix with the ImageSharp decoder package.</summary>
    public sealed class WithImageSharp() : ImageInputMatrixTests(TestDecoders.ImageSharp);

    /// <summary>The matrix with the SkiaSharp decoder package.</summary>
    public sealed class WithSkiaSharp() : ImageInputMatrixTests(TestDecoders.SkiaSharp);
}
