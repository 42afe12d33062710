using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

/// <summary>
/// The merge loop on tiny hand-made vocabularies, where each rule is visible: ties go to the leftmost pair, a merge
/// can enable a better-ranked one, and a byte the vocabulary lacks is left out as the package leaves it out.
/// Expected ids are worked out by hand and checked against Microsoft.ML.Tokenizers' BpeTokenizer.
/// </summary>
public sealed class ByteLevelBpeTests : IDisposable
{
    private readonly TemporaryTokenizerFolders _folders = new();

    public void Dispose() => _folders.Dispose();

    [Fact]
    public void Equal_ranks_merge_the_leftmost_pair_first()
    {
        // "a a" is the only merge: "aaa" becomes "aa" + "a", not "a" + "aa".
        var (tokenizer, Id) = Load(["a", "aa"], ["a a"]);

        Assert.Equal([0, Id("aa"), Id("a"), 2], tokenizer.Encode("aaa"));
        Assert.Equal(tokenizer.EncodeWithPackage("aaa"), tokenizer.Encode("aaa"));
    }

    [Fact]
    public void A_merge_that_makes_a_better_ranked_pair_is_followed_by_it()
    {
        // Ranks: "b c" (0), "a bc" (1), "a b" (2). In "abc", "b c" goes first, then "a bc"; "a b" never applies.
        var (tokenizer, Id) = Load(["a", "b", "c", "bc", "abc", "ab"], ["b c", "a bc", "a b"]);

        Assert.Equal([0, Id("abc"), 2], tokenizer.Encode("abc"));
        Assert.Equal([0, Id("ab"), Id("abc"), 2], tokenizer.Encode("ababc"));
        Assert.Equal(tokenizer.EncodeWithPackage("ababc"), tokenizer.Encode("ababc"));
    }

    [Fact]
    public void A_long_word_merges_as_a_short_one_does()
    {
        // 40 letters take the queue path, 4 the pair-scanning path; both give "aaaa" per four letters.
        var (tokenizer, Id) = Load(["a", "aa", "aaaa"], ["a a", "aa aa"]);

        Assert.Equal([0, .. Enumerable.Repeat(Id("aaaa"), 10), 2], tokenizer.Encode(new string('a', 40)));
        Assert.Equal([0, Id("aaaa"), 2], tokenizer.Encode("aaaa"));
        Assert.Equal(tokenizer.EncodeWithPackage(new string('a', 41)), tokenizer.Encode(new string('a', 41)));
    }

    [Fact]
    public void A_byte_the_vocabulary_lacks_is_left_out_as_the_package_does_and_the_length_bounds_nothing()
    {
        // No "c": the package drops it without an unknown token, so "a" and "b" meet and merge.
        var (tokenizer, Id) = Load(["a", "b", "ab"], ["a b"]);

        Assert.Equal([0, Id("ab"), Id("ab"), 2], tokenizer.Encode("acbab"));
        Assert.Equal(tokenizer.EncodeWithPackage("acbab"), tokenizer.Encode("acbab"));
        Assert.Equal(2, tokenizer.MinimumTokenCount(new string('c', 100_000)));
    }

    /// <summary>A tokenizer of the four specials (ids 0–3) and <paramref name="tokens"/> (ids from 4 in order), and its id lookup.</summary>
    private (FlorenceTokenizer Tokenizer, Func<string, int> Id) Load(string[] tokens, string[] merges)
    {
        string directory = _folders.CreateEmpty();
        var vocabulary = new Dictionary<string, int> { ["<s>"] = 0, ["<pad>"] = 1, ["</s>"] = 2, ["<unk>"] = 3 };
        for (int i = 0; i < tokens.Length; i++)
        {
            vocabulary[tokens[i]] = i + 4;
        }

        File.WriteAllText(Path.Combine(directory, "vocab.json"), System.Text.Json.JsonSerializer.Serialize(vocabulary));
        File.WriteAllLines(Path.Combine(directory, "merges.txt"), ["#version: 0.2", .. merges]);
        return (FlorenceTokenizer.Load(directory), token => vocabulary[token]);
    }
}
