using Florence2.Generation;

namespace Florence2.Tests.Generation;

/// <summary>The default <see cref="ITextDecoder.GenerateBatch"/>: one <see cref="ITextDecoder.Generate"/> per image, in order.</summary>
public sealed class ITextDecoderTests
{
    [Fact]
    public void The_default_batched_generation_calls_generate_once_per_image_in_order()
    {
        using ITextDecoder decoder = new OneTokenDecoder();
        var settings = new GenerationSettings
        {
            NumBeams = 1, MaxNewTokens = 5, LengthPenalty = 1, EarlyStopping = BeamStopping.Heuristic, NoRepeatNgramSize = 0,
            DecoderStartTokenId = 2, ForcedBosTokenId = null, ForcedEosTokenId = null, EosTokenId = 2,
        };
        ImageFeatures[] features = [Features(7), Features(8), Features(9)];

        var sequences = decoder.GenerateBatch(features, [0, 2], settings);

        Assert.Equal([7, 8, 9], sequences.Select(s => s.TokenIds[1]));
        Assert.Throws<ArgumentException>(() => decoder.GenerateBatch([], [0, 2], settings));
        Assert.Throws<ArgumentException>(() => decoder.GenerateBatch(features, [0, 2], settings with { NumBeams = 3 }));
        Assert.Throws<ArgumentException>(() => decoder.GenerateBatch([Features(1), new ImageFeatures(new float[4], 2, 2, default)], [0, 2], settings));
    }

    private static ImageFeatures Features(int marker) => new(new float[] { marker, 0 }, 1, 2, new ImageSize(1, 1));

    /// <summary>Answers the start token and then the first feature value as a token id: enough to see order and count.</summary>
    private sealed class OneTokenDecoder : ITextDecoder
    {
        public int MaxEncoderLength => 1024;

        public GeneratedSequence Generate(ImageFeatures imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings, Action<int>? onToken = null,
            CancellationToken cancellationToken = default) =>
            new([2, (int)imageFeatures.Values.Span[0]], [0f, -1f], false, -1, 1, TimeSpan.Zero, TimeSpan.Zero);

        public void Dispose()
        {
        }
    }
}
