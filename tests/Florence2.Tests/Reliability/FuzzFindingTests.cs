using System.Buffers.Binary;
using System.Text;
using Florence2.Imaging;
using Florence2.Tests.Support;
using Florence2.Tests.Tokenization;
using Florence2.Tokenization;

namespace Florence2.Tests.Reliability;

/// <summary>Regression tests for what the long fuzz runs found (docs/reliability-runs.md).</summary>
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

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(3)]
    public void A_truncated_png_is_refused_with_InvalidImageException(int bytesCut)
    {
        byte[] png = TestImages.Png(64, 48);

        Assert.Throws<InvalidImageException>(() => Preprocess(png[..^bytesCut]));
    }

    [Fact]
    public void An_intact_png_still_decodes()
    {
        Assert.Equal(new ImageSize(64, 48), Preprocess(TestImages.Png(64, 48)));
    }

    [Theory]
    [InlineData("日本語のテキスト", 600)]
    [InlineData("\ud800x", 800)]
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

    /// <summary>What streaming must show: the whole decoded text without the three markers, cleaned up when enabled.</summary>
    private string OneShot(int[] ids)
    {
        string raw = _tokenizer.DecodeWithOffsets(ids, out _);
        string visible = raw.Replace("<s>", "", StringComparison.Ordinal).Replace("</s>", "", StringComparison.Ordinal).Replace("<pad>", "", StringComparison.Ordinal);
        return _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(visible) : visible;
    }

    private static ImageSize Preprocess(byte[] encoded)
    {
        var preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, ImageDecodingOptions.Default);
        return preprocessor.Preprocess(ImageInput.FromBytes(encoded), new float[preprocessor.TensorLength], CancellationToken.None);
    }
}
