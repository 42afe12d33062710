using System.Buffers.Binary;
using System.Text;
using Florence2.Imaging;
using Florence2.Tests.Support;
using Florence2.Tests.Tokenization;
using Florence2.Tokenization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Reliability;

/// <summary>Regression tests for what the long fuzz runs found (docs/reliability.md).</summary>
public sealed class FuzzFindingTests : IClassFixture<LoadedTestTokenizer>
{
    private readonly FlorenceTokenizer _tokenizer;

    public FuzzFindingTests(LoadedTestTokenizer fixture) => _tokenizer = fixture.Tokenizer;

    [Fact]
    public void A_png_chunk_that_runs_past_the_end_is_refused_instead_of_hanging_the_decoder()
    {
        // Fuzz finding (image, seed 1, #343): ImageSharp 2.1.13 loops forever on such a chunk length.
        byte[] png = TestImages.Png(16, 16);
        int iend = png.Length - 12;
        Assert.Equal("IEND", Encoding.ASCII.GetString(png, iend + 4, 4));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(iend), 0x7A0900C8);

        var error = Assert.Throws<InvalidImageException>(() => Preprocess(png));

        Assert.Contains("'IEND'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2047410376", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_whose_IEND_has_a_bad_crc_is_refused_instead_of_hanging_the_decoder()
    {
        // Fuzz finding (image, seed 1, #704): with a corrupt IEND, ImageSharp reads on and loops at the end of the data.
        byte[] png = TestImages.Png(16, 16);
        png[^2] ^= 0x5A;

        var error = Assert.Throws<InvalidImageException>(() => Preprocess(png));

        Assert.Contains("IEND", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 4)]
    [InlineData(1, 9)]
    [InlineData(9, 2)]
    public void A_tiny_interlaced_png_is_refused_instead_of_hanging_the_decoder(int width, int height)
    {
        // Fuzz finding (image, seed 1, #820): ImageSharp 2.1.13 waits forever for the empty Adam7 passes of such images.
        using var image = new Image<Rgb24>(width, height);
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 });

        var error = Assert.Throws<InvalidImageException>(() => Preprocess(stream.ToArray()));

        Assert.Contains("interlaced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interlaced_png_of_five_pixels_a_side_still_decodes()
    {
        using var image = new Image<Rgb24>(5, 5);
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 });

        Assert.Equal(new ImageSize(5, 5), Preprocess(stream.ToArray()));
    }

    [Theory]
    [InlineData(40)] // inside IDAT
    [InlineData(60)]
    [InlineData(3)] // inside IEND's CRC
    [InlineData(12)] // the whole IEND chunk: the file ends between chunks
    public void A_truncated_png_is_refused_with_InvalidImageException(int bytesCut)
    {
        byte[] png = TestImages.Png(64, 48);

        Assert.Throws<InvalidImageException>(() => Preprocess(png[..^bytesCut]));
    }

    [Fact]
    public void A_bmp_header_whose_offset_field_lies_is_refused_with_InvalidImageException()
    {
        // Fuzz finding (image, seed 1, #3904): ImageSharp's BMP Identify sizes a buffer from the pixel-data offset and
        // throws OutOfMemoryException ("Array dimensions exceeded supported range"), which used to escape untyped.
        using var image = new Image<Rgb24>(64, 48);
        using var stream = new MemoryStream();
        image.Save(stream, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 });
        byte[] bmp = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), int.MaxValue);
        var preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default,
            new ImageDecodingOptions { AllowedFormats = ImageFormats.Bmp }, TestDecoders.ImageSharp);

        Assert.Throws<InvalidImageException>(() =>
            preprocessor.Preprocess(ImageInput.FromBytes(bmp), new float[preprocessor.TensorLength], CancellationToken.None));
    }

    [Fact]
    public void A_bmp_whose_pixel_offset_lies_past_its_end_is_refused_before_the_decoder_allocates_for_it()
    {
        // Fuzz finding (image, issue 12 run): ImageSharp 2.1.13 sizes the BMP colour map from the pixel-data offset
        // without comparing it to the file length; a file of a few KB whose offset says 1 GB made it allocate 1 GB.
        using var image = new Image<Rgb24>(32, 32);
        using var stream = new MemoryStream();
        image.Save(stream, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 });
        byte[] bmp = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 1 << 30);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(46), 0); // "colours used" 0: the colour map size comes from the offset
        var preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default,
            new ImageDecodingOptions { AllowedFormats = ImageFormats.Bmp }, TestDecoders.ImageSharp);
        var input = ImageInput.FromBytes(bmp);
        var tensor = new float[preprocessor.TensorLength];

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var error = Assert.Throws<InvalidImageException>(() => preprocessor.Preprocess(input, tensor, CancellationToken.None));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(allocated < 1 << 20, $"allocated {allocated:N0} bytes");
        Assert.Contains("1,073,741,824", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_whose_zlib_header_asks_for_a_preset_dictionary_is_refused_with_InvalidImageException()
    {
        // Fuzz finding (image, issue 12 run): .NET's inflater throws ZLibException, an IOException, for a zlib header
        // with the FDICT bit (78 20): the IDAT completeness check let it escape untyped.
        byte[] png = TestImages.Png(16, 16);
        byte[] data = CraftedImages.ImageData(png);
        data[1] = 0x20; // FLG with FDICT set; 0x7820 is a multiple of 31, so the header check passes

        var error = Assert.Throws<InvalidImageException>(() => Preprocess(CraftedImages.PngWithImageData(png, data)));

        Assert.Contains("zlib", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_intact_png_still_decodes()
    {
        Assert.Equal(new ImageSize(64, 48), Preprocess(TestImages.Png(64, 48)));
    }

    [Theory]
    [InlineData("日本語のテキスト", 600)]
    [InlineData("\ufffdx", 800)]
    [InlineData("a", 3000)]
    [InlineData("It isn't here . Is it ? <s>Yes , it 's there</s> ", 150)]
    [InlineData("🙂 <pad>x ' y", 400)]
    public void Streaming_a_long_answer_gives_exactly_the_one_shot_text(string unit, int repeat)
    {
        // Fuzz finding (tokenizer): streaming re-decoded the whole answer for every token, quadratic in its length.
        string text = string.Concat(Enumerable.Repeat(unit, repeat));
        int[] ids = _tokenizer.Encode(text);
        var streamed = new StringBuilder();
        var stream = new StreamingDetokenizer(_tokenizer);
        foreach (int id in ids)
        {
            streamed.Append(stream.Append(id));
        }

        streamed.Append(stream.Finish());

        Assert.Equal(OneShot(ids), streamed.ToString());
    }

    [Fact]
    public void A_lone_surrogate_is_refused_not_garbled()
    {
        // Fuzz finding (tokenizer): a lone surrogate was encoded as three bytes that decoded to three U+FFFD. It has no
        // UTF-8 form, so the tokenizer refuses it and names where it is (docs/reliability.md). (A [Fact], not a
        // [Theory]: xunit's serialization of theory data would turn the lone surrogates into U+FFFD.)
        foreach (var text in new[] { "a\ud800b", "\udc00", "x\ud83d" })
        {
            var e = Assert.Throws<InvalidPromptTextException>(() => _tokenizer.Encode(text));
            Assert.Contains("surrogate", e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>What streaming must show: the whole decoded text without the three markers, cleaned up when enabled.</summary>
    private string OneShot(int[] ids)
    {
        string raw = _tokenizer.DecodeWithOffsets(ids, out _);
        string visible = raw.Replace("<s>", "", StringComparison.Ordinal).Replace("</s>", "", StringComparison.Ordinal).Replace("<pad>", "", StringComparison.Ordinal);
        return _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(visible) : visible;
    }

    private static ImageSize Preprocess(byte[] encoded)
    {
        var preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, new ImageDecodingOptions(), TestDecoders.ImageSharp);
        return preprocessor.Preprocess(ImageInput.FromBytes(encoded), new float[preprocessor.TensorLength], CancellationToken.None);
    }
}
