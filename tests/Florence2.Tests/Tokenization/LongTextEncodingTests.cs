using System.Text;
using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

/// <summary>
/// Hostile prompt lengths have a bounded cost: a text that cannot fit is refused from its length before any BPE
/// work, the call's token stops a long encode mid-way, and the merge loop's work grows linearly with a word's length.
/// Work is bounded by counting it (<see cref="EncodeWork"/>), never by timing it.
/// </summary>
public sealed class LongTextEncodingTests(LoadedTestTokenizer loaded) : IClassFixture<LoadedTestTokenizer>
{
    // The released models: 577 image tokens leave 447 of 1024 encoder positions to the prompt.
    private static readonly PromptTokenBudget ReleasedModelBudget = new(ImageTokenCount: 577, MaxPositions: 1024, ParamName: "text");

    // Beyond 447 tokens × 128 bytes, so refused from its length; small enough for the package's quadratic loop to
    // finish in a few seconds (which is how these tests were seen failing on the old code).
    private const int HopelessWordLength = 200_000;

    private readonly FlorenceTokenizer _tokenizer = loaded.Tokenizer;

    [Fact]
    public void The_longest_token_is_the_longest_merge_in_merges_txt()
    {
        // Independent of the tokenizer's code: a merge "left right" makes a token of left + right characters, one per byte.
        int longestMerge = File.ReadLines(Path.Combine(loaded.Directory, "merges.txt"))
            .Where(line => !line.StartsWith("#version", StringComparison.Ordinal) && line.Length > 0)
            .Max(line => line.Length - 1);

        Assert.Equal(128, longestMerge);
        Assert.Equal(longestMerge, _tokenizer.MaxTokenBytes);
    }

    [Fact]
    public void A_word_that_cannot_fit_is_refused_from_its_length_before_any_tokenization_work()
    {
        var word = new string('a', HopelessWordLength);
        var work = new EncodeWork();

        var e = Assert.Throws<PromptTooLongException>(() => _tokenizer.Encode(word, ReleasedModelBudget, work));

        Assert.Equal(0, work.Units);
        Assert.Equal(0, work.BpeWords);
        Assert.True(e.IsPromptTokenCountLowerBound);
        Assert.Equal(2 + (HopelessWordLength + 127) / 128, e.PromptTokenCount);
        Assert.Equal(577, e.ImageTokenCount);
        Assert.Equal(1024, e.MaxPositions);
        Assert.Equal("text", e.ParamName);
        Assert.Contains($"577 image tokens + at least {e.PromptTokenCount} prompt tokens", e.Message, StringComparison.Ordinal);
        Assert.Contains("lower bound", e.Message, StringComparison.Ordinal);
        Assert.True(e.PromptTokenCount <= _tokenizer.Encode(word).Length, "the lower bound is not above the real count");
    }

    [Fact]
    public void A_text_within_the_length_bound_but_over_the_budget_is_refused_with_its_exact_count()
    {
        // 500 × " word" is 2,500 bytes (at least 22 tokens by length) but 502 tokens.
        var text = string.Concat(Enumerable.Repeat(" word", 500));

        var e = Assert.Throws<PromptTooLongException>(() => _tokenizer.Encode(text, ReleasedModelBudget, CancellationToken.None));

        Assert.False(e.IsPromptTokenCountLowerBound);
        Assert.Equal(502, e.PromptTokenCount);
        Assert.Equal(55, e.Excess);
        Assert.DoesNotContain("at least 502", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_that_fits_the_budget_encodes_as_without_one()
    {
        var text = string.Concat(Enumerable.Repeat(" word", 445));

        var ids = _tokenizer.Encode(text, ReleasedModelBudget, CancellationToken.None);

        Assert.Equal(447, ids.Length);
        Assert.Equal(_tokenizer.Encode(text), ids);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_length_bound_never_exceeds_the_real_count(int seed)
    {
        foreach (string text in RandomTexts.Many(new Random(seed), count: 200, maxLongWordLength: 5_000))
        {
            Assert.True(_tokenizer.MinimumTokenCount(text) <= _tokenizer.Encode(text).Length, $"bound over the count for {RandomTexts.Describe(text)}");
        }
    }

    [Fact]
    public void A_cancelled_token_stops_a_huge_word_before_any_work()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var work = new EncodeWork(cancellation.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => _tokenizer.Encode(new string('a', HopelessWordLength), work));

        Assert.Equal(0, work.Units);
    }

    [Fact]
    public void Cancelling_during_the_merge_loop_stops_a_long_word_mid_way()
    {
        var word = RandomTexts.Letters(new Random(5), HopelessWordLength);
        var full = new EncodeWork();
        _ = _tokenizer.Encode(word, full);
        using var cancellation = new CancellationTokenSource();
        EncodeWork? work = null;
        work = new EncodeWork(cancellation.Token)
        {
            OnCheck = () =>
            {
                if (work!.MergeSteps > 0)
                {
                    cancellation.Cancel();
                }
            },
        };

        Assert.ThrowsAny<OperationCanceledException>(() => _tokenizer.Encode(word, work));

        Assert.InRange(work.MergeSteps, 1, EncodeWork.CheckInterval);
        Assert.True(full.MergeSteps > 10 * EncodeWork.CheckInterval, $"the full encode took {full.MergeSteps} merge steps");
    }

    [Fact]
    public void Cancelling_during_pre_tokenization_stops_before_the_merge_loop()
    {
        var text = string.Concat(Enumerable.Repeat(" word", HopelessWordLength / 5));
        using var cancellation = new CancellationTokenSource();
        var work = new EncodeWork(cancellation.Token) { OnCheck = cancellation.Cancel };

        Assert.ThrowsAny<OperationCanceledException>(() => _tokenizer.Encode(text, work));

        Assert.Equal(0, work.BpeWords);
        Assert.InRange(work.PreTokenizerChars, 1, EncodeWork.CheckInterval);
    }

    [Theory]
    [InlineData("repeated letter")]
    [InlineData("random letters")]
    [InlineData("random CJK")]
    [InlineData("random digits")]
    public void Merge_steps_grow_linearly_with_the_length_of_a_word(string kind)
    {
        long previousSteps = 0;
        foreach (int length in new[] { 10_000, 20_000, 40_000, 80_000 })
        {
            var random = new Random(length);
            string word = kind switch
            {
                "repeated letter" => new string('a', length),
                "random letters" => RandomTexts.Letters(random, length),
                "random CJK" => new string(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x4E00, 0xA000)).ToArray()),
                _ => new string(Enumerable.Range(0, length).Select(_ => (char)random.Next('0', '9' + 1)).ToArray()),
            };
            var work = new EncodeWork();

            _ = _tokenizer.Encode(word, work);

            // A queue is filled with the first pairs, then gets two pairs per merge, and a merge removes a symbol:
            // at most 4 steps per byte (n − 1 lookups to fill, 3 (n − 1) entries to take), whatever the word.
            Assert.Equal(Encoding.UTF8.GetByteCount(word), work.BpeBytes);
            Assert.InRange(work.MergeSteps, 1, 4 * work.BpeBytes);
            if (previousSteps > 0)
            {
                Assert.InRange(work.MergeSteps, previousSteps, previousSteps * 5 / 2);
            }

            previousSteps = work.MergeSteps;
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Encode_gives_the_package_ids_for_random_text_and_long_words(int seed)
    {
        foreach (string text in RandomTexts.Many(new Random(seed), count: 150, maxLongWordLength: 10_000))
        {
            int[] expected = _tokenizer.EncodeWithPackage(text);
            int[] actual = _tokenizer.Encode(text);
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                Assert.Fail($"ids differ from the package's for {RandomTexts.Describe(text)}");
            }
        }
    }
}
